// MetadataSplitter: per-event chunk metadata (Fluentd's Output#metadata)
// and first-seen grouping of mixed batches.
#include "buffer/metadata_splitter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "buffer_config_support.hpp"

namespace ferry::buffer {
namespace {

using testing::event;
using ::testing::HasSubstr;
using testing::mp_string;
using testing::read_config;

BufferOptions options(const std::string& buffer_section) {
  auto c = read_config(buffer_section);
  EXPECT_EQ(c.result.error, "");
  return c.result.options.value_or(BufferOptions{});
}

TEST(MetadataSplitter, TagOnlyIsOneRunWithoutDecoding) {
  MetadataSplitter s(options("  <buffer tag>\n  </buffer>\n"));
  // Not even valid MessagePack: the tag-only path must not look inside.
  const std::string batch = "\xc1\xc1 opaque";
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("app.web", batch, 7, runs, &error));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].metadata.tag, "app.web");
  EXPECT_FALSE(runs[0].metadata.timekey);
  EXPECT_FALSE(runs[0].metadata.variables);
  EXPECT_EQ(runs[0].events, batch);
  EXPECT_EQ(runs[0].count, 7u);

  MetadataSplitter none(options("  <buffer>\n  </buffer>\n"));
  runs.clear();
  ASSERT_TRUE(none.split("app.web", batch, 7, runs, &error));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_FALSE(runs[0].metadata.tag);
}

TEST(MetadataSplitter, TimeWindowsInFirstSeenOrder) {
  MetadataSplitter s(
      options("  <buffer tag,time>\n    timekey 1h\n    timekey_use_utc true\n  </buffer>\n"));
  const std::string e1 = event(7200 + 5, R"({"n":1})");
  const std::string e2 = event(3600 + 10, R"({"n":2})");
  const std::string e3 = event(7200 + 3599, R"({"n":3})");
  const std::string e4 = event(3600, R"({"n":4})");
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("t", e1 + e2 + e3 + e4, 4, runs, &error)) << error;
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].metadata.timekey, 7200);
  EXPECT_EQ(runs[0].metadata.tag, "t");
  EXPECT_EQ(runs[0].events, e1 + e3);
  EXPECT_EQ(runs[0].count, 2u);
  EXPECT_EQ(runs[1].metadata.timekey, 3600);
  EXPECT_EQ(runs[1].events, e2 + e4);
  EXPECT_EQ(runs[1].count, 2u);
}

TEST(MetadataSplitter, RunsViewTheBatchUnlessInterleaved) {
  MetadataSplitter s(
      options("  <buffer time>\n    timekey 1h\n    timekey_use_utc true\n  </buffer>\n"));
  const std::string e1 = event(7200 + 1, R"({"n":1})");
  const std::string e2 = event(7200 + 2, R"({"n":2})");
  const std::string e3 = event(3600 + 3, R"({"n":3})");
  const std::string e4 = event(7200 + 4, R"({"n":4})");
  const std::string e5 = event(0, R"({"n":5})");
  const std::string e6 = event(1, R"({"n":6})");
  const std::string batch = e1 + e2 + e3 + e4 + e5 + e6;
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("t", batch, 6, runs, &error)) << error;
  ASSERT_EQ(runs.size(), 3u);
  // Window 7200 comes back after 3600 came between: a copy of its own.
  EXPECT_TRUE(runs[0].owns());
  EXPECT_EQ(runs[0].events, e1 + e2 + e4);
  // Contiguous runs are slices of the caller's batch, not copies.
  EXPECT_FALSE(runs[1].owns());
  EXPECT_EQ(runs[1].events.data(), batch.data() + e1.size() + e2.size());
  EXPECT_EQ(runs[1].events, e3);
  EXPECT_FALSE(runs[2].owns());
  EXPECT_EQ(runs[2].events, e5 + e6);

  // Copies and moves keep an owned run pointing at its own bytes.
  std::vector<MetadataSplitter::Run> copies = runs;
  runs.clear();
  runs.shrink_to_fit();
  EXPECT_EQ(copies[0].events, e1 + e2 + e4);
  MetadataSplitter::Run moved = std::move(copies[0]);
  copies.clear();
  EXPECT_EQ(moved.events, e1 + e2 + e4);
  MetadataSplitter::Run assigned;
  {
    MetadataSplitter::Run short_run;
    short_run.own("ab");  // inline (small string) storage moves with the object
    assigned = std::move(short_run);
    short_run.own("zz");
  }
  EXPECT_EQ(assigned.events, "ab");
}

TEST(MetadataSplitter, OneWindowIsTheWholeBatchUncopied) {
  MetadataSplitter s(
      options("  <buffer time>\n    timekey 1h\n    timekey_use_utc true\n  </buffer>\n"));
  const std::string batch = event(7200 + 1, "{}") + event(7200 + 2, "{}");
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("t", batch, 2, runs, &error)) << error;
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_FALSE(runs[0].owns());
  EXPECT_EQ(runs[0].events.data(), batch.data());
  EXPECT_EQ(runs[0].events.size(), batch.size());
}

TEST(MetadataSplitter, TimeWindowsFollowTheZone) {
  MetadataSplitter s(
      options("  <buffer time>\n    timekey 1d\n    timekey_zone +0900\n  </buffer>\n"));
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  // 1970-01-02 00:00 at +09:00 is 1970-01-01T15:00Z = 54000.
  ASSERT_TRUE(s.split("t", event(54000 + 1, "{}") + event(54000 - 1, "{}"), 2, runs, &error));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].metadata.timekey, 54000);
  EXPECT_EQ(runs[1].metadata.timekey, 54000 - 86400);
}

TEST(MetadataSplitter, RecordKeysKeepMessagePackValues) {
  MetadataSplitter s(options("  <buffer $.k8s.ns,level>\n  </buffer>\n"));
  const std::string a = event(1, R"({"k8s":{"ns":"prod"},"level":3})");
  const std::string b = event(2, R"({"k8s":{"ns":"dev"}})");
  const std::string c = event(3, R"({"level":3,"k8s":{"ns":"prod"}})");
  const std::string d = event(4, R"({"k8s":"flat","level":null})");
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("t", a + b + c + d, 4, runs, &error)) << error;
  ASSERT_EQ(runs.size(), 3u);
  std::string three;
  format::mp_int(three, 3);
  EXPECT_FALSE(runs[0].metadata.tag);  // `tag` is not a key
  EXPECT_EQ(runs[0].metadata.variables,
            (std::vector<ChunkVariable>{{"$.k8s.ns", mp_string("prod")}, {"level", three}}));
  EXPECT_EQ(runs[0].events, a + c);
  // Missing: nil.
  EXPECT_EQ(runs[1].metadata.variables,
            (std::vector<ChunkVariable>{{"$.k8s.ns", mp_string("dev")}, {"level", "\xc0"}}));
  // A path through a string, and an explicit null: nil as well.
  EXPECT_EQ(runs[2].metadata.variables,
            (std::vector<ChunkVariable>{{"$.k8s.ns", "\xc0"}, {"level", "\xc0"}}));
  EXPECT_EQ(runs[2].count, 1u);
}

TEST(MetadataSplitter, MalformedBatchAppendsNothing) {
  MetadataSplitter s(options("  <buffer time>\n    timekey 60\n  </buffer>\n"));
  std::vector<MetadataSplitter::Run> runs(1);
  std::string error;
  const std::string good = event(1, R"({"a":1})");
  EXPECT_FALSE(s.split("t", good + good.substr(0, good.size() - 2), 2, runs, &error));
  EXPECT_EQ(runs.size(), 1u);
  EXPECT_THAT(error, HasSubstr("event 1"));
  std::string no_time;
  format::mp_array_header(no_time, 2);
  format::mp_str(no_time, "yesterday");
  format::mp_map_header(no_time, 0);
  EXPECT_FALSE(s.split("t", no_time, 1, runs, &error));
  EXPECT_THAT(error, HasSubstr("time"));
  EXPECT_EQ(runs.size(), 1u);
}

TEST(MetadataSplitter, IntegerTimesWork) {
  MetadataSplitter s(
      options("  <buffer time>\n    timekey 10\n    timekey_use_utc true\n  </buffer>\n"));
  std::string e;
  format::mp_array_header(e, 2);
  format::mp_uint(e, 25);
  format::mp_map_header(e, 0);
  std::vector<MetadataSplitter::Run> runs;
  std::string error;
  ASSERT_TRUE(s.split("t", e, 1, runs, &error)) << error;
  EXPECT_EQ(runs[0].metadata.timekey, 20);
}

}  // namespace
}  // namespace ferry::buffer
