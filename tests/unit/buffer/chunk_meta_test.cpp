#include "buffer/chunk_meta.hpp"

#include <gtest/gtest.h>

#include "buffer_test_support.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

TEST(ChunkMeta, DecodesFluentdMetaFieldByField) {
  std::string bytes = read_bytes(fixture_dir("fluentd-staged-and-queued") /
                                 "buffer/buffer.q6610ed2234860e4f3092f24d3408cae6.log.meta");
  std::string error;
  auto d = decode_chunk_meta(bytes, &error);
  ASSERT_TRUE(d) << error;
  EXPECT_TRUE(d->has_id);
  EXPECT_EQ(d->meta.id.hex(), "6610ed2234860e4f3092f24d3408cae6");
  EXPECT_EQ(d->meta.metadata.tag, std::optional<std::string>("test.a"));
  EXPECT_FALSE(d->meta.metadata.timekey);
  EXPECT_FALSE(d->meta.metadata.variables);
  EXPECT_EQ(d->meta.records, 2u);
  EXPECT_EQ(d->meta.created_at, 1795566143);
  EXPECT_EQ(d->meta.modified_at, 1795566143);
}

// Every .meta Fluentd wrote, in every fixture, decodes and re-encodes to the
// very same bytes: Fluentd reads what Ferry writes.
TEST(ChunkMeta, EveryFixtureMetaReencodesByteIdentical) {
  int seen = 0;
  for (auto& e : fs::recursive_directory_iterator(FERRY_BUFFER_FIXTURES)) {
    if (e.path().extension() != ".meta") continue;
    std::string bytes = read_bytes(e.path());
    std::string error;
    auto d = decode_chunk_meta(bytes, &error);
    ASSERT_TRUE(d) << e.path() << ": " << error;
    EXPECT_EQ(encode_chunk_meta(d->meta), bytes) << e.path();
    ++seen;
  }
  EXPECT_EQ(seen, 23);
}

TEST(ChunkMeta, TimekeyAndVariablesFromFixtures) {
  std::string error;
  auto tk =
      decode_chunk_meta(read_bytes(fixture_dir("fluentd-tag-time-timekey") /
                                   "buffer/buffer.q6610ed25b6a3ed0578f40a0c5afe88cf.log.meta"),
                        &error);
  ASSERT_TRUE(tk) << error;
  EXPECT_EQ(tk->meta.metadata.timekey, std::optional<int64_t>(1699999980));
  auto host =
      decode_chunk_meta(read_bytes(fixture_dir("fluentd-record-key-host") /
                                   "buffer/buffer.q6610ed289d4491aec1cfffc51cd22029.log.meta"),
                        &error);
  ASSERT_TRUE(host) << error;
  EXPECT_FALSE(host->meta.metadata.tag);
  ASSERT_TRUE(host->meta.metadata.variables);
  ASSERT_EQ(host->meta.metadata.variables->size(), 1u);
  EXPECT_EQ((*host->meta.metadata.variables)[0].key, "host");
  EXPECT_EQ((*host->meta.metadata.variables)[0].value_msgpack, std::string("\xa4web1"));
}

TEST(ChunkMeta, HonoursLengthAndIgnoresStaleBytesAfterIt) {
  ChunkMeta m;
  m.id = ChunkId::generate();
  m.metadata.tag = "app.log";
  m.records = 42;
  m.created_at = 1700000001;
  m.modified_at = 1700000002;
  std::string bytes = encode_chunk_meta(m) + std::string("\xa1garbage-of-a-longer-old-meta");
  std::string error;
  auto d = decode_chunk_meta(bytes, &error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->meta, m);
}

TEST(ChunkMeta, ReadsLegacyBareMap) {
  ChunkMeta m;
  m.id = ChunkId::generate();
  m.metadata.timekey = 1700000000;
  m.records = 3;
  std::string bytes = encode_chunk_meta(m).substr(6);  // no C1 00 header
  std::string error;
  auto d = decode_chunk_meta(bytes, &error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->meta, m);
}

TEST(ChunkMeta, RejectsDamage) {
  ChunkMeta m;
  m.id = ChunkId::generate();
  std::string good = encode_chunk_meta(m);
  std::string error;
  EXPECT_FALSE(decode_chunk_meta("", &error));
  EXPECT_FALSE(decode_chunk_meta(good.substr(0, 4), &error));
  EXPECT_FALSE(decode_chunk_meta(good.substr(0, good.size() - 1), &error));
  EXPECT_NE(error.find("shorter"), std::string::npos) << error;
  EXPECT_FALSE(decode_chunk_meta("\x93\x01\x02\x03", &error));  // an array, not a map
}

TEST(ChunkMeta, TimekeyWindowStart) {
  EXPECT_EQ(timekey_window_start(1700000061, 60, 0), 1700000040);
  EXPECT_EQ(timekey_window_start(1700000000, 3600, 0), 1699999200);
  // +09:00: windows start at local hour boundaries.
  EXPECT_EQ(timekey_window_start(1700000000, 86400, 9 * 3600), 1699974000);
  EXPECT_EQ(timekey_window_start(-1, 60, 0), -60);
}

}  // namespace
}  // namespace ferry::buffer
