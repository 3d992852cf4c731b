// placeholder_new/has/expand/free (ABI 1.1) through the host API table and
// the SDK's ferry::Placeholder, against an instance's buffer options.
#include "host/placeholder_api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "buffer/buffer_options.hpp"
#include "ferry/placeholder.hpp"
#include "host/chunk_meta_handle.hpp"
#include "host_test_support.hpp"

namespace ferry::host {
namespace {

using ::testing::HasSubstr;

class NullOutput : public ferry::Output {
 public:
  NullOutput(const ferry::Host& h, const ferry::Config&) : Output(h) {}
  void write(const ferry::Chunk&, uint64_t token) override { host().complete(token, FERRY_OK); }
};

std::vector<std::string> g_logs;

const ferry_host_api& api() {
  static const ferry_host_api table = [] {
    ferry_host_api a = test::make_test_api();
    a.struct_size = sizeof a;
    fill_placeholder_api(a);
    return a;
  }();
  return table;
}

struct PlaceholderApi : ::testing::Test {
  boost::asio::io_context loop;
  std::unique_ptr<Instance> inst;
  buffer::ChunkMeta meta;
  ferry_chunk_meta handle{&meta};
  std::string id_hex;
  ferry_chunk chunk{};

  void SetUp() override {
    inst = std::make_unique<Instance>(test::cpp_module<NullOutput>("null_out"),
                                      InstanceOptions{&api(), &loop, "out1", -1});
    auto options = std::make_shared<buffer::BufferOptions>();
    options->keys.tag = true;
    options->keys.record_keys = {"host"};
    inst->set_buffer_options(options);
    meta.metadata.tag = "app.web";
    meta.metadata.variables = std::vector<buffer::ChunkVariable>{{"host", "\xa2h1"}};
    meta.id = buffer::ChunkId::generate();
    id_hex = meta.id.hex();
    chunk.struct_size = sizeof chunk;
    chunk.chunk_id = id_hex.c_str();
    chunk.meta = &handle;
  }
};

void append_to(void* user, const char* data, size_t len) {
  static_cast<std::string*>(user)->append(data, len);
}

TEST_F(PlaceholderApi, NewValidatesAgainstTheInstancesChunkKeys) {
  EXPECT_EQ(inst->buffer_options()->keys.record_keys.size(), 1u);
  ferry_error err;
  err.message[0] = '\0';
  ferry_placeholder* bad = api().placeholder_new(inst->handle(), "topic", "${tag}", 6, &err);
  EXPECT_EQ(bad, nullptr);
  EXPECT_THAT(err.message, HasSubstr("Parameter 'topic: ${tag}' doesn't have enough placeholders "
                                     "for keys host"));
  const std::string text = "/logs/${tag[-1]}/${host}/${chunk_id}.log";
  ferry_placeholder* p =
      api().placeholder_new(inst->handle(), "path", text.data(), text.size(), &err);
  ASSERT_NE(p, nullptr) << err.message;
  EXPECT_EQ(api().placeholder_has(p), 1);
  std::string out = "x";
  EXPECT_EQ(api().placeholder_expand(p, &chunk, &append_to, &out), FERRY_OK);
  EXPECT_EQ(out, "x/logs/web/h1/" + id_hex + ".log");
  api().placeholder_free(p);
}

TEST_F(PlaceholderApi, UnsafeValuesAndMissingMetaDrop) {
  ferry_error err;
  const std::string text = "/logs/${tag}/${host}";
  ferry_placeholder* p =
      api().placeholder_new(inst->handle(), "path", text.data(), text.size(), &err);
  ASSERT_NE(p, nullptr) << err.message;
  meta.metadata.tag = "../../etc";
  std::string out;
  EXPECT_EQ(api().placeholder_expand(p, &chunk, &append_to, &out), FERRY_DROP);
  EXPECT_EQ(out, "");
  ferry_chunk unbuffered{};
  unbuffered.struct_size = sizeof unbuffered;
  EXPECT_EQ(api().placeholder_expand(p, &unbuffered, &append_to, &out), FERRY_DROP);
  api().placeholder_free(p);
}

TEST_F(PlaceholderApi, PlainTextNeedsNoBuffer) {
  Instance plain(test::cpp_module<NullOutput>("null_out"), InstanceOptions{&api(), &loop, "", -1});
  ferry_error err;
  ferry_placeholder* p = api().placeholder_new(plain.handle(), "path", "/logs/out", 9, &err);
  ASSERT_NE(p, nullptr) << err.message;
  EXPECT_EQ(api().placeholder_has(p), 0);
  ferry_chunk unbuffered{};
  unbuffered.struct_size = sizeof unbuffered;
  std::string out;
  EXPECT_EQ(api().placeholder_expand(p, &unbuffered, &append_to, &out), FERRY_OK);
  EXPECT_EQ(out, "/logs/out");
  api().placeholder_free(p);
  EXPECT_EQ(api().placeholder_new(plain.handle(), "path", "${tag}", 6, &err), nullptr);
  EXPECT_THAT(err.message, HasSubstr("chunk key 'tag' is not configured"));
}

TEST_F(PlaceholderApi, SdkWrapper) {
  ferry::Host host(&api(), inst->handle());
  ferry::Placeholder path(host, "path", "${tag}-${host}");
  EXPECT_TRUE(path.has_placeholders());
  std::string out = "p:";
  EXPECT_EQ(path.expand(ferry::Chunk(&chunk), out), FERRY_OK);
  EXPECT_EQ(out, "p:app.web-h1");
  meta.metadata.variables = std::vector<buffer::ChunkVariable>{{"host", "\xa3/h2"}};
  EXPECT_EQ(path.expand(ferry::Chunk(&chunk), out), FERRY_DROP);
  EXPECT_EQ(out, "p:app.web-h1");  // unchanged on failure
  EXPECT_THROW(ferry::Placeholder(host, "path", "static"), ferry::ConfigError);
}

TEST_F(PlaceholderApi, CheckedNewChoosesTheCheck) {
  ferry_error err;
  err.message[0] = '\0';
  // Chunk keys tag,host: strict wants both used, available only what is used.
  const std::string text = "/dump/${tag}";
  EXPECT_EQ(api().placeholder_new_checked(inst->handle(), "directory", text.data(), text.size(),
                                          FERRY_PLACEHOLDER_STRICT, &err),
            nullptr);
  EXPECT_THAT(err.message, HasSubstr("doesn't have enough placeholders for keys host"));
  ferry_placeholder* p = api().placeholder_new_checked(
      inst->handle(), "directory", text.data(), text.size(), FERRY_PLACEHOLDER_AVAILABLE, &err);
  ASSERT_NE(p, nullptr) << err.message;
  std::string out;
  EXPECT_EQ(api().placeholder_expand(p, &chunk, &append_to, &out), FERRY_OK);
  EXPECT_EQ(out, "/dump/app.web");
  api().placeholder_free(p);

  const std::string zone = "/dump/${zone}";
  EXPECT_EQ(api().placeholder_new_checked(inst->handle(), "directory", zone.data(), zone.size(),
                                          FERRY_PLACEHOLDER_AVAILABLE, &err),
            nullptr);
  EXPECT_THAT(err.message, HasSubstr("Parameter 'directory: /dump/${zone}' has placeholder "
                                     "${zone}, but 'zone' is not a chunk key"));
  EXPECT_EQ(api().placeholder_new_checked(inst->handle(), "directory", "x", 1, 7, &err), nullptr);
  EXPECT_THAT(err.message, HasSubstr("unknown check 7 for parameter 'directory'"));
}

TEST_F(PlaceholderApi, SdkWrapperTakesTheCheck) {
  ferry::Host host(&api(), inst->handle());
  // Default: strict (placeholder_new), which wants ${host} too.
  EXPECT_THROW(ferry::Placeholder(host, "basename", "${tag}.bin"), ferry::ConfigError);
  ferry::Placeholder name(host, "basename", "${tag}.bin", FERRY_PLACEHOLDER_AVAILABLE);
  std::string out;
  EXPECT_EQ(name.expand(ferry::Chunk(&chunk), out), FERRY_OK);
  EXPECT_EQ(out, "app.web.bin");
  try {
    ferry::Placeholder(host, "basename", "${zone}", FERRY_PLACEHOLDER_AVAILABLE);
    ADD_FAILURE() << "${zone} is not a chunk key";
  } catch (const ferry::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'zone' is not a chunk key"));
  }
  // A 1.1 host (table without placeholder_new_checked): only the strict check.
  ferry_host_api old = api();
  old.struct_size = offsetof(ferry_host_api, placeholder_new_checked);
  ferry::Host old_host(&old, inst->handle());
  EXPECT_NO_THROW(ferry::Placeholder(old_host, "path", "${tag}-${host}"));
  try {
    ferry::Placeholder(old_host, "basename", "${tag}", FERRY_PLACEHOLDER_AVAILABLE);
    ADD_FAILURE() << "a 1.1 host has no placeholder_new_checked";
  } catch (const ferry::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("(ABI 1.2)"));
  }
}

}  // namespace
}  // namespace ferry::host
