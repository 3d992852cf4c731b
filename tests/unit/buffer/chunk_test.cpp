// The Chunk contract, run against both the memory and the file chunk.
#include <gtest/gtest.h>

#include "buffer/file_chunk.hpp"
#include "buffer/gzip_member.hpp"
#include "buffer/memory_chunk.hpp"
#include "buffer_test_support.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

enum class Kind { kMemory, kFile };

class ChunkContract : public ::testing::TestWithParam<std::tuple<Kind, bool>> {
 protected:
  std::unique_ptr<Chunk> make() {
    ChunkMetadata md;
    md.tag = "test.a";
    ChunkOptions opts;
    opts.gzip = std::get<1>(GetParam());
    if (std::get<0>(GetParam()) == Kind::kMemory) return MemoryChunk::create(md, opts);
    FileChunkOptions fopts;
    fopts.chunk = opts;
    std::string error;
    auto chunk = FileChunk::create(FileChunkLocation{dir_.path()}, md, fopts, &error);
    EXPECT_TRUE(chunk) << error;
    return chunk;
  }
  std::vector<Event> events_of(const Chunk& chunk) {
    std::string body, error;
    EXPECT_TRUE(chunk.read(body, &error)) << error;
    return split_events(body);
  }
  TempDir dir_;
};

TEST_P(ChunkContract, CommitMakesAppendsVisible) {
  auto chunk = make();
  std::string error;
  std::string two = event_bytes(1, 0, R"({"n":1})") + event_bytes(2, 0, R"({"n":2})");
  ASSERT_TRUE(chunk->append(two, 2, &error)) << error;
  EXPECT_EQ(chunk->pending_records(), 2u);
  EXPECT_EQ(chunk->records(), 0u);
  EXPECT_TRUE(events_of(*chunk).empty());
  ASSERT_TRUE(chunk->commit(&error)) << error;
  EXPECT_EQ(chunk->records(), 2u);
  EXPECT_GT(chunk->bytes(), 0u);
  auto events = events_of(*chunk);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].sec, 2u);
}

TEST_P(ChunkContract, RollbackRestoresLastCommit) {
  auto chunk = make();
  std::string error;
  ASSERT_TRUE(chunk->append(event_bytes(1, 0, R"({"n":1})"), 1, &error));
  ASSERT_TRUE(chunk->commit(&error));
  uint64_t committed = chunk->bytes();
  ASSERT_TRUE(chunk->append(event_bytes(2, 0, R"({"n":2})"), 1, &error));
  ASSERT_TRUE(chunk->rollback(&error)) << error;
  EXPECT_EQ(chunk->bytes(), committed);
  EXPECT_EQ(chunk->pending_records(), 0u);
  ASSERT_TRUE(chunk->append(event_bytes(3, 0, R"({"n":3})"), 1, &error));
  ASSERT_TRUE(chunk->commit(&error));
  auto events = events_of(*chunk);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sec, 1u);
  EXPECT_EQ(events[1].sec, 3u);
  EXPECT_EQ(chunk->records(), 2u);
}

TEST_P(ChunkContract, EnqueueStopsAppendsAndNeedsCommittedState) {
  auto chunk = make();
  std::string error;
  ASSERT_TRUE(chunk->append(event_bytes(1, 0, R"({"n":1})"), 1, &error));
  EXPECT_FALSE(chunk->enqueue(&error));  // uncommitted data
  ASSERT_TRUE(chunk->commit(&error));
  ASSERT_TRUE(chunk->enqueue(&error)) << error;
  EXPECT_EQ(chunk->state(), ChunkState::kQueued);
  EXPECT_FALSE(chunk->append(event_bytes(2, 0, "{}"), 1, &error));
  EXPECT_EQ(events_of(*chunk).size(), 1u);
  ASSERT_TRUE(chunk->purge(&error)) << error;
  EXPECT_EQ(chunk->state(), ChunkState::kPurged);
}

INSTANTIATE_TEST_SUITE_P(All, ChunkContract,
                         ::testing::Combine(::testing::Values(Kind::kMemory, Kind::kFile),
                                            ::testing::Bool()));

TEST(GzipMember, OneMemberPerAppendAndCutMemberIsDetected) {
  std::string body;
  append_gzip_member("first", body);
  size_t first = body.size();
  append_gzip_member("second", body);
  ASSERT_EQ(uint8_t(body[0]), 0x1f);
  ASSERT_EQ(uint8_t(body[first]), 0x1f);
  ASSERT_EQ(uint8_t(body[first + 1]), 0x8b);
  GzipScan all = inflate_gzip_members(body);
  EXPECT_EQ(all.whole_bytes, body.size());
  EXPECT_EQ(all.inflated, "firstsecond");
  GzipScan cut = inflate_gzip_members(std::string_view(body).substr(0, body.size() - 3));
  EXPECT_EQ(cut.whole_bytes, first);
  EXPECT_EQ(cut.inflated, "first");
}

}  // namespace
}  // namespace ferry::buffer
