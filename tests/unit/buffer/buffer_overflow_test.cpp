// total_limit_size / queue_limit_length and overflow_action drop_oldest_chunk.
#include <gtest/gtest.h>

#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

// 100-byte events, 100-byte chunks: every write queues one full chunk.
WriteResult write_one(Rig& rig, int n) {
  return rig.write({make_run("a", make_events(n, 1, 79))});
}

TEST(BufferOverflow, TotalLimitRefusesTheWholeWriteAndCountsIt) {
  BufferOptions o = memory_options(100);
  o.total_limit_size = 300;
  Rig rig(o);
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(write_one(rig, n), WriteResult::kOk);
  EXPECT_TRUE(rig.buffer->overflowing());
  std::vector<RejectedEvent> rejected;
  std::string error;
  std::vector<MetadataSplitter::Run> runs = {make_run("a", make_events(4, 1, 79)),
                                             make_run("b", make_events(5, 1))};
  EXPECT_EQ(rig.buffer->write("t", runs, rejected, &error), WriteResult::kOverflow);
  EXPECT_NE(error.find("total_limit_size 300"), std::string::npos) << error;
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.overflows, 1u);
  EXPECT_EQ(s.records_in, 3u);
  EXPECT_EQ(s.queued_chunks, 3u);
  EXPECT_EQ(s.staged_chunks, 0u);
  // A dequeued chunk still counts; once flushed there is room again.
  auto c = rig.buffer->dequeue();
  EXPECT_TRUE(rig.buffer->overflowing());
  rig.buffer->commit(*c);
  EXPECT_FALSE(rig.buffer->overflowing());
  EXPECT_EQ(rig.buffer->write("t", runs, rejected, &error), WriteResult::kOk);
}

TEST(BufferOverflow, StagedBytesCountToo) {
  BufferOptions o = memory_options(1000);
  o.total_limit_size = 250;
  Rig rig(o);
  // Checked before a write, as Fluentd's storable?: a write may end above.
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 3, 79))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().staged_bytes, 300u);
  EXPECT_EQ(write_one(rig, 4), WriteResult::kOverflow);
}

TEST(BufferOverflow, QueueLimitLengthSetsTheTotalLimit) {
  BufferOptions o = memory_options(100);
  o.total_limit_size = 1 << 30;
  o.queue_limit_length = 2;  // Fluentd: total = chunk_limit_size * 2
  Rig rig(o);
  ASSERT_EQ(write_one(rig, 1), WriteResult::kOk);
  ASSERT_EQ(write_one(rig, 2), WriteResult::kOk);
  EXPECT_EQ(write_one(rig, 3), WriteResult::kOverflow);
}

TEST(BufferOverflow, DropOldestChunkSavesItToTheBackupDirAndRetries) {
  BufferOptions o = file_options(100);
  o.total_limit_size = 300;
  o.overflow_action = OverflowAction::kDropOldestChunk;
  Rig rig(o);
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(write_one(rig, n), WriteResult::kOk);
  // The oldest queued chunk is the one holding event 1.
  auto oldest = rig.buffer->dequeue();
  ASSERT_TRUE(oldest);
  std::string hex = oldest->chunk->id().hex(), body, error;
  ASSERT_TRUE(rig.buffer->read(*oldest, body, &error));
  rig.buffer->takeback(*oldest);

  ASSERT_EQ(write_one(rig, 4), WriteResult::kOk);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.dropped_oldest_chunks, 1u);
  EXPECT_EQ(s.overflows, 0u);
  EXPECT_EQ(s.queued_chunks, 3u);
  // Fluentd's backup naming: <backup_dir>/<chunk id hex>.log, the body.
  fs::path saved = rig.backup() / (hex + ".log");
  ASSERT_TRUE(fs::exists(saved));
  EXPECT_EQ(read_bytes(saved), body);
  EXPECT_EQ(event_numbers(read_bytes(saved)), std::vector<int>{1});
  for (const std::string& name : dir_names(rig.dir()))
    EXPECT_EQ(name.find(hex), std::string::npos) << name;
  std::vector<int> left;
  for (auto& b : rig.drain())
    for (int n : event_numbers(b)) left.push_back(n);
  EXPECT_EQ(left, (std::vector<int>{2, 3, 4}));
}

TEST(BufferOverflow, DropOldestChunkWithNothingQueuedStillOverflows) {
  BufferOptions o = memory_options(1000);
  o.total_limit_size = 250;
  o.overflow_action = OverflowAction::kDropOldestChunk;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 3, 79))}), WriteResult::kOk);
  EXPECT_EQ(write_one(rig, 4), WriteResult::kOverflow);
  EXPECT_EQ(rig.buffer->stats().dropped_oldest_chunks, 0u);
  EXPECT_EQ(rig.buffer->stats().overflows, 1u);
}

TEST(BufferOverflow, DroppedChunkWithDisabledBackupIsCountedNotSaved) {
  BufferOptions o = memory_options(100);
  o.total_limit_size = 200;
  o.overflow_action = OverflowAction::kDropOldestChunk;
  o.disable_chunk_backup = true;
  Rig rig(o);
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(write_one(rig, n), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().dropped_oldest_chunks, 1u);
  EXPECT_FALSE(fs::exists(rig.backup()));
}

}  // namespace
}  // namespace ferry::buffer
