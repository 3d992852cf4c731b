// Buffer::write: staging, limits, the split of large runs on event
// boundaries, rejected single events, commit atomicity.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

// 100 bytes each while n < 128 (pad 79).
std::vector<std::string> events100(int first, int count) {
  return make_events(first, count, 79);
}

TEST(BufferWrite, OneRunGoesToTheStagedChunkOfItsMetadata) {
  Rig rig(memory_options());
  ASSERT_EQ(events100(1, 1)[0].size(), 100u);
  EXPECT_EQ(rig.write({make_run("a", events100(1, 3))}), WriteResult::kOk);
  EXPECT_EQ(rig.write({make_run("a", events100(4, 2)), make_run("b", events100(6, 1))}),
            WriteResult::kOk);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.staged_chunks, 2u);
  EXPECT_EQ(s.queued_chunks, 0u);
  EXPECT_EQ(s.staged_bytes, 600u);
  EXPECT_EQ(s.records_in, 6u);
  EXPECT_TRUE(rig.buffer->has_staged_data());
  EXPECT_EQ(rig.buffer->enqueue_all(), 2u);
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 5));
  EXPECT_EQ(event_numbers(bodies[1]), std::vector<int>{6});
  EXPECT_EQ(rig.buffer->stats().queued_bytes, 0u);
}

TEST(BufferWrite, RunLargerThanTheRoomLeftIsSplitOnEventBoundaries) {
  Rig rig(memory_options(1000));
  ASSERT_EQ(rig.write({make_run("a", events100(1, 4))}), WriteResult::kOk);
  // 25 more: 6 fill the staged chunk, then 10 + 9 in new chunks.
  ASSERT_EQ(rig.write({make_run("a", events100(5, 25))}), WriteResult::kOk);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.queued_chunks, 2u);
  EXPECT_EQ(s.staged_chunks, 1u);
  EXPECT_EQ(s.staged_bytes, 900u);
  EXPECT_EQ(s.queued_bytes, 2000u);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 10));
  EXPECT_EQ(event_numbers(bodies[1]), numbers(11, 10));
  EXPECT_EQ(event_numbers(bodies[2]), numbers(21, 9));
}

TEST(BufferWrite, ChunkThatCannotTakeTheNextEventIsQueuedEvenBelowThreshold) {
  Rig rig(memory_options(1000));
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 1, 800))}), WriteResult::kOk);
  ASSERT_EQ(rig.write({make_run("a", make_events(2, 1, 500))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().queued_chunks, 1u);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 1u);
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), std::vector<int>{1});
}

TEST(BufferWrite, SingleEventLargerThanAChunkIsRejectedAloneTheRestKept) {
  Rig rig(memory_options(1000));
  std::vector<std::string> evs = events100(1, 2);
  std::string huge = make_event(1700000000, 3, 2000);
  evs.push_back(huge);
  for (auto& e : events100(4, 2)) evs.push_back(e);
  std::vector<RejectedEvent> rejected;
  EXPECT_EQ(rig.write({make_run("a", evs)}, &rejected, "app.x"), WriteResult::kTooLarge);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].tag, "app.x");
  EXPECT_EQ(rejected[0].event, huge);
  EXPECT_NE(rejected[0].reason.find("larger than buffer chunk limit size (1000)"),
            std::string::npos)
      << rejected[0].reason;
  EXPECT_EQ(rig.buffer->stats().records_in, 4u);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), (std::vector<int>{1, 2, 4, 5}));
}

TEST(BufferWrite, OnlyTooLargeEventsLeaveNoChunkBehind) {
  Rig rig(memory_options(100));
  std::vector<RejectedEvent> rejected;
  EXPECT_EQ(rig.write({make_run("a", make_events(1, 2, 500))}, &rejected), WriteResult::kTooLarge);
  EXPECT_EQ(rejected.size(), 2u);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.staged_chunks + s.queued_chunks, 0u);
  EXPECT_EQ(s.records_in, 0u);
}

TEST(BufferWrite, ChunkLimitRecordsCutsChunks) {
  BufferOptions o = memory_options(1 << 20);
  o.chunk_limit_records = 4;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", events100(1, 10))}), WriteResult::kOk);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.queued_chunks, 2u);  // 4 and 4: full (>= 0.95 * 4 records)
  EXPECT_EQ(s.staged_chunks, 1u);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 4));
  EXPECT_EQ(event_numbers(bodies[1]), numbers(5, 4));
  EXPECT_EQ(event_numbers(bodies[2]), numbers(9, 2));
}

TEST(BufferWrite, ChunkReachingTheFullThresholdIsQueuedAtOnce) {
  BufferOptions o = memory_options(1000);
  o.chunk_full_threshold = 0.5;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", events100(1, 4))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().queued_chunks, 0u);
  ASSERT_EQ(rig.write({make_run("a", events100(5, 1))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().queued_chunks, 1u);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 0u);
}

TEST(BufferWrite, FlushModeImmediateQueuesEveryChunkWritten) {
  BufferOptions o = memory_options(1000);
  o.flush_mode = FlushMode::kImmediate;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", events100(1, 1)), make_run("b", events100(2, 1))}),
            WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().queued_chunks, 2u);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 0u);
  EXPECT_FALSE(rig.buffer->has_staged_data());
}

TEST(BufferWrite, GzipChunksStayWithinTheLimitAndKeepEveryEvent) {
  BufferOptions o = memory_options(3000);
  o.compress_gzip = true;
  Rig rig(o);
  // Poorly compressible records so several chunks are needed.
  std::vector<std::string> evs;
  uint32_t x = 12345;
  for (int n = 0; n < 100; ++n) {
    std::string pad;
    for (int i = 0; i < 60; ++i) {
      x = x * 1103515245 + 12345;
      pad.push_back(char('a' + (x >> 16) % 26));
    }
    evs.push_back(
        event_bytes(1700000000, 0, "{\"n\":" + std::to_string(n) + ",\"p\":\"" + pad + "\"}"));
  }
  ASSERT_EQ(rig.write({make_run("a", evs)}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  std::vector<int> all;
  size_t chunks = 0;
  while (auto c = rig.buffer->dequeue()) {
    EXPECT_LE(c->chunk->bytes(), 3000u);
    std::string body, error;
    ASSERT_TRUE(rig.buffer->read(*c, body, &error)) << error;
    for (int n : event_numbers(body)) all.push_back(n);
    rig.buffer->commit(*c);
    ++chunks;
  }
  EXPECT_GT(chunks, 1u);
  EXPECT_EQ(all, numbers(0, 100));
}

TEST(BufferWrite, SecondRunWithTheSameMetadataIsKept) {
  Rig rig(memory_options(1000));
  ASSERT_EQ(rig.write({make_run("a", events100(1, 2)), make_run("a", events100(3, 2))}),
            WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().records_in, 4u);
  rig.buffer->enqueue_all();
  std::vector<int> all;
  for (auto& b : rig.drain())
    for (int n : event_numbers(b)) all.push_back(n);
  EXPECT_EQ(all, numbers(1, 4));
}

// A real I/O failure in the middle of a write: the process file size limit
// (RLIMIT_FSIZE) makes the pwrite of the big run fail with EFBIG.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit l = saved_;
    l.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &l);
  }
  ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

TEST(BufferWrite, FailedAppendRollsBackEveryRunOfTheWrite) {
  Rig rig(file_options(1 << 20));
  ASSERT_EQ(rig.write({make_run("a", events100(1, 2))}), WriteResult::kOk);
  std::vector<std::string> before = dir_names(rig.dir());
  ASSERT_EQ(before.size(), 2u);  // a's .log and .log.meta
  std::string a_body = read_bytes(rig.dir() / before[0]);
  ASSERT_EQ(a_body.size(), 200u);

  std::vector<RejectedEvent> rejected;
  std::string error;
  std::vector<MetadataSplitter::Run> runs = {make_run("a", events100(3, 2)),
                                             make_run("b", make_events(5, 600, 79))};
  WriteResult r;
  {
    FileSizeLimit limit(20000);  // b's 600 events need ~60 kB
    r = rig.buffer->write("t", runs, rejected, &error);
  }
  EXPECT_EQ(r, WriteResult::kError);
  EXPECT_NE(error.find("rolled back"), std::string::npos) << error;
  EXPECT_TRUE(rejected.empty());
  // a's chunk is exactly as before; b's new chunk is gone.
  EXPECT_EQ(dir_names(rig.dir()), before);
  EXPECT_EQ(read_bytes(rig.dir() / before[0]), a_body);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.staged_chunks, 1u);
  EXPECT_EQ(s.staged_bytes, 200u);
  EXPECT_EQ(s.records_in, 2u);

  // And the buffer keeps working afterwards.
  ASSERT_EQ(rig.write(runs), WriteResult::kOk);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 4));
  EXPECT_EQ(event_numbers(bodies[1]).size(), 600u);
}

TEST(BufferWrite, PartlyWrittenAppendToAStagedChunkIsCutBack) {
  Rig rig(file_options(1 << 20));
  ASSERT_EQ(rig.write({make_run("a", events100(1, 2))}), WriteResult::kOk);
  std::vector<std::string> names = dir_names(rig.dir());
  ASSERT_EQ(names.size(), 2u);
  std::vector<RejectedEvent> rejected;
  std::string error;
  std::vector<MetadataSplitter::Run> runs = {make_run("a", make_events(3, 600, 79))};
  {
    FileSizeLimit limit(20000);  // the pwrite stops part way
    EXPECT_EQ(rig.buffer->write("t", runs, rejected, &error), WriteResult::kError);
  }
  EXPECT_EQ(fs::file_size(rig.dir() / names[0]), 200u);
  ASSERT_EQ(rig.write({make_run("a", events100(3, 1))}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 3));
}

TEST(BufferWrite, FileBufferChunksAreOnDiskAndQueuedOnesRenamed) {
  Rig rig(file_options(1000));
  ASSERT_EQ(rig.write({make_run("a", events100(1, 15))}), WriteResult::kOk);
  std::vector<std::string> names = dir_names(rig.dir());
  ASSERT_EQ(names.size(), 4u);
  size_t b = 0, q = 0;
  for (auto& n : names) {
    b += n.rfind("buffer.b", 0) == 0;
    q += n.rfind("buffer.q", 0) == 0;
  }
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(q, 2u);
}

}  // namespace
}  // namespace ferry::buffer
