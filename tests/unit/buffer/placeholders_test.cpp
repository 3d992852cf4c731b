// Placeholder: Fluentd's placeholder_validate! messages and
// extract_placeholders results (output.rb, 1.19.3 incl. the path traversal
// check).
#include "buffer/placeholders.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "buffer_config_support.hpp"

namespace ferry::buffer {
namespace {

using ::testing::HasSubstr;
using testing::mp_string;
using testing::read_config;

BufferOptions options(const std::string& buffer_section) {
  auto c = read_config(buffer_section);
  EXPECT_EQ(c.result.error, "");
  return c.result.options.value_or(BufferOptions{});
}

std::string expand(const Placeholder& p, const ChunkMeta& meta);

std::string compile_error(const std::string& text, const BufferOptions* b) {
  std::string error;
  auto p = Placeholder::compile("path", text, b, &error);
  EXPECT_FALSE(p) << text;
  return error;
}

std::unique_ptr<Placeholder> compile(const std::string& text, const BufferOptions* b) {
  std::string error;
  auto p = Placeholder::compile("path", text, b, &error);
  EXPECT_TRUE(p) << error;
  return p;
}

std::string expand(const Placeholder& p, const ChunkMeta& meta) {
  std::string out = "[";
  std::string error;
  EXPECT_TRUE(p.expand(meta, out, &error)) << error;
  return out.substr(1);
}

std::string expand_error(const Placeholder& p, const ChunkMeta& meta) {
  std::string out = "kept";
  std::string error;
  EXPECT_FALSE(p.expand(meta, out, &error));
  EXPECT_EQ(out, "kept");
  return error;
}

ChunkMeta meta_with(std::optional<int64_t> timekey, std::optional<std::string> tag,
                    std::optional<std::vector<ChunkVariable>> vars = std::nullopt) {
  ChunkMeta m;
  m.metadata.timekey = timekey;
  m.metadata.tag = std::move(tag);
  m.metadata.variables = std::move(vars);
  m.id = ChunkId::generate();
  return m;
}

TEST(PlaceholderValidate, TimePlaceholders) {
  BufferOptions hourly = options("  <buffer time>\n    timekey 1h\n  </buffer>\n");
  EXPECT_TRUE(compile("/log/%Y%m%d%H", &hourly));
  EXPECT_EQ(compile_error("/log/%Y%m%d", &hourly),
            "Parameter 'path: /log/%Y%m%d' doesn't have timestamp placeholder for day('%d') for "
            "timekey 3600 (use a timekey of at least 86400s, or add finer placeholders)");
  EXPECT_THAT(compile_error("/log/static", &hourly),
              HasSubstr("Parameter 'path: /log/static' doesn't have timestamp placeholders for "
                        "timekey 3600"));
  // Coarser than a day is not checked (Fluentd: "not validated").
  BufferOptions daily = options("  <buffer time>\n    timekey 1d\n  </buffer>\n");
  EXPECT_THAT(compile_error("/log/%Y%m", &daily),
              HasSubstr("doesn't have timestamp placeholders for timekey 86400"));
  BufferOptions none = options("  <buffer>\n  </buffer>\n");
  // Coarser than a day is not seen without a time key either: kept literally.
  auto year = compile("/log/%Y", &none);
  EXPECT_FALSE(year->has_placeholders());
  EXPECT_EQ(expand(*year, meta_with(std::nullopt, std::nullopt)), "/log/%Y");
  EXPECT_THAT(compile_error("/log/%H", &none),
              HasSubstr("Parameter 'path: /log/%H' has timestamp placeholders, but chunk key "
                        "'time' is not configured"));
}

TEST(PlaceholderValidate, TagAndKeyPlaceholders) {
  BufferOptions tag = options("  <buffer tag>\n  </buffer>\n");
  EXPECT_TRUE(compile("/log/${tag[1]}/${tag}", &tag));
  EXPECT_THAT(compile_error("/log/x", &tag),
              HasSubstr("Parameter 'path: /log/x' doesn't have tag placeholder"));
  BufferOptions keys = options("  <buffer host,$.k8s.ns>\n  </buffer>\n");
  EXPECT_TRUE(compile("${host}-${$.k8s.ns}", &keys));
  EXPECT_THAT(compile_error("${host}", &keys),
              HasSubstr("doesn't have enough placeholders for keys $.k8s.ns"));
  EXPECT_THAT(compile_error("${host}-${$.k8s.ns}-${zone}-${app}", &keys),
              HasSubstr("has placeholders, but chunk keys doesn't have keys app,zone"));
  EXPECT_THAT(compile_error("${tag}", &keys),
              HasSubstr("has tag placeholders, but chunk key 'tag' is not configured"));
  // No buffer at all: any placeholder is an error, ${chunk_id} is fine.
  EXPECT_THAT(compile_error("${tag}", nullptr), HasSubstr("chunk key 'tag' is not configured"));
  auto plain = compile("/log/out", nullptr);
  EXPECT_FALSE(plain->has_placeholders());
  EXPECT_TRUE(compile("/log/${chunk_id}", nullptr)->has_placeholders());
}

std::string available_error(const std::string& text, const BufferOptions* b) {
  std::string error;
  auto p = Placeholder::compile("basename", text, b, &error, Placeholder::Check::kAvailable);
  EXPECT_FALSE(p) << text;
  return error;
}

std::unique_ptr<Placeholder> available(const std::string& text, const BufferOptions* b) {
  std::string error;
  auto p = Placeholder::compile("basename", text, b, &error, Placeholder::Check::kAvailable);
  EXPECT_TRUE(p) << error;
  return p;
}

TEST(PlaceholderAvailable, UnusedChunkKeysAndCoarseTimeFormatsAreFine) {
  // Strict would refuse each of these (no tag placeholder, ${host} missing,
  // a day-only format for an hourly timekey, no time format at all).
  BufferOptions all =
      options("  <buffer tag,time,host>\n    timekey 1h\n    timekey_use_utc true\n  </buffer>\n");
  EXPECT_TRUE(available("dump.bin", &all));
  EXPECT_TRUE(available("dump.%Y%m%d", &all));
  EXPECT_TRUE(available("${tag[-1]}.${host}", &all));
  EXPECT_TRUE(available("${chunk_id}", &all));
  EXPECT_THAT(compile_error("dump.bin", &all), HasSubstr("doesn't have timestamp placeholders"));
  // ...and what is used expands as under the strict check.
  auto p = available("/d/${tag}/%Y%m%d%H-${host}.${chunk_id}", &all);
  ChunkMeta m =
      meta_with(1699999200, "app.web", std::vector<ChunkVariable>{{"host", mp_string("h1")}});
  EXPECT_EQ(expand(*p, m), "/d/app.web/2023111422-h1." + m.id.hex());
  // No buffer: plain text and ${chunk_id} only.
  EXPECT_FALSE(available("/d/dump.bin", nullptr)->has_placeholders());
  EXPECT_TRUE(available("/d/${chunk_id}", nullptr)->has_placeholders());
}

TEST(PlaceholderAvailable, EveryPlaceholderNeedsItsChunkKey) {
  BufferOptions tag = options("  <buffer tag>\n  </buffer>\n");
  EXPECT_EQ(available_error("dump.%Y%m%d", &tag),
            "Parameter 'basename: dump.%Y%m%d' has time formats (such as %Y%m%d), but chunk key "
            "'time' is not configured (add 'time' to the <buffer> chunk keys with a timekey, "
            "e.g. <buffer tag,time> and 'timekey 1h', or remove the time formats)");
  // Any conversion counts, even one coarser than a day (Ruby's
  // `str != Time.now.strftime(str)`).
  EXPECT_THAT(available_error("dump.%Y", &tag), HasSubstr("has time formats"));
  BufferOptions host = options("  <buffer host>\n  </buffer>\n");
  EXPECT_EQ(available_error("${host}.${tag[1]}", &host),
            "Parameter 'basename: ${host}.${tag[1]}' has tag placeholder ${tag[1]}, but chunk key "
            "'tag' is not configured (add 'tag' to the <buffer> chunk keys, e.g. <buffer "
            "host,tag>, or remove the placeholder)");
  EXPECT_EQ(available_error("${host}.${zone}", &host),
            "Parameter 'basename: ${host}.${zone}' has placeholder ${zone}, but 'zone' is not a "
            "chunk key (add it to the <buffer> chunk keys, e.g. <buffer host,zone>, or remove "
            "the placeholder)");
  EXPECT_THAT(available_error("${tag}", nullptr), HasSubstr("chunk key 'tag' is not configured"));
  EXPECT_THAT(available_error("${host}", nullptr), HasSubstr("'host' is not a chunk key"));
}

TEST(PlaceholderExpand, StrftimeInTheTimekeyZone) {
  BufferOptions b =
      options("  <buffer time>\n    timekey 1h\n    timekey_zone +0900\n  </buffer>\n");
  auto p = compile("/log/%Y%m%d%H.%Z.log", &b);
  // 2023-11-14T22:00:00Z is 2023-11-15 07:00 at +09:00; %Z is empty for a
  // fixed offset (Ruby's Time#localtime(offset)).
  EXPECT_EQ(expand(*p, meta_with(1699999200, std::nullopt)), "/log/2023111507..log");
  BufferOptions utc =
      options("  <buffer time>\n    timekey 1h\n    timekey_use_utc true\n  </buffer>\n");
  EXPECT_EQ(expand(*compile("%Y%m%d%H", &utc), meta_with(1699999200, std::nullopt)), "2023111422");
  BufferOptions berlin =
      options("  <buffer time>\n    timekey 1h\n    timekey_zone Europe/Berlin\n  </buffer>\n");
  auto h = compile("%H", &berlin);
  EXPECT_EQ(expand(*h, meta_with(1704067200, std::nullopt)), "01");  // CET
  EXPECT_EQ(expand(*h, meta_with(1719792000, std::nullopt)), "02");  // CEST
}

TEST(PlaceholderExpand, TagParts) {
  BufferOptions b = options("  <buffer tag>\n  </buffer>\n");
  auto p = compile("${tag}|${tag[0]}|${tag[-1]}|${tag[1]}|${tag[-3]}|${tag[7]}|${tag[-9]}", &b);
  EXPECT_EQ(expand(*p, meta_with(std::nullopt, "app.web.access")),
            "app.web.access|app|access|web|app||");
}

TEST(PlaceholderExpand, RecordKeysAndChunkId) {
  BufferOptions b = options("  <buffer tag,$.a.b,n,missing>\n  </buffer>\n");
  auto p = compile("${tag}/${$.a.b}/${n}/${missing}/${chunk_id}/${chunk_id}", &b);
  std::string five;
  format::mp_int(five, 5);
  ChunkMeta m = meta_with(
      std::nullopt, "t",
      std::vector<ChunkVariable>{{"$.a.b", mp_string("v1")}, {"n", five}, {"missing", "\xc0"}});
  // The second ${chunk_id} is not a chunk key: Fluentd substitutes "" (and warns).
  EXPECT_EQ(expand(*p, m), "t/v1/5//" + m.id.hex() + "/");
}

TEST(PlaceholderExpand, EmptyMetadataOnlyReplacesTheChunkId) {
  BufferOptions b = options("  <buffer time,tag>\n    timekey 1d\n  </buffer>\n");
  auto p = compile("/log/${tag}/%Y%m%d/${chunk_id}", &b);
  ChunkMeta m = meta_with(std::nullopt, std::nullopt);
  EXPECT_EQ(expand(*p, m), "/log/${tag}/%Y%m%d/" + m.id.hex());
}

TEST(PlaceholderExpand, PathTraversalIsRefused) {
  BufferOptions tag = options("  <buffer tag>\n  </buffer>\n");
  auto by_tag = compile("/log/${tag}.log", &tag);
  EXPECT_EQ(expand_error(*by_tag, meta_with(std::nullopt, "../../etc/passwd")),
            "Invalid path component detected in tag: ../../etc/passwd");
  EXPECT_THAT(expand_error(*by_tag, meta_with(std::nullopt, "/etc")),
              HasSubstr("Invalid path component detected in tag"));
  EXPECT_EQ(expand(*by_tag, meta_with(std::nullopt, "a..b")), "/log/a..b.log");  // no "../"

  BufferOptions key = options("  <buffer dir>\n  </buffer>\n");
  auto by_key = compile("/log/${dir}/x", &key);
  EXPECT_EQ(
      expand_error(*by_key, meta_with(std::nullopt, std::nullopt,
                                      std::vector<ChunkVariable>{{"dir", mp_string("../x")}})),
      "Invalid path component detected in ${dir}: ../x");
  // A value that forms "../" only with the text around it.
  EXPECT_THAT(
      expand_error(*by_key, meta_with(std::nullopt, std::nullopt,
                                      std::vector<ChunkVariable>{{"dir", mp_string("..")}})),
      HasSubstr("Invalid path component detected, replaced to: /log/../x"));
  // "../" written in the template itself is the user's choice.
  auto written = compile("/log/../${dir}", &key);
  EXPECT_EQ(expand(*written, meta_with(std::nullopt, std::nullopt,
                                       std::vector<ChunkVariable>{{"dir", mp_string("a")}})),
            "/log/../a");
}

TEST(PlaceholderExpand, MissingTagOrTimekeyIsAnError) {
  BufferOptions b = options("  <buffer time,tag>\n    timekey 1d\n  </buffer>\n");
  auto p = compile("${tag}/%Y%m%d", &b);
  EXPECT_THAT(expand_error(*p, meta_with(std::nullopt, "t")), HasSubstr("has no timekey"));
  EXPECT_THAT(expand_error(*p, meta_with(86400, std::nullopt)), HasSubstr("has no tag"));
}

}  // namespace
}  // namespace ferry::buffer
