// enqueue_due (Fluentd's enqueue thread rules) with a fake clock, enqueue_all,
// and the queue operations a flusher uses.
#include <gtest/gtest.h>

#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

BufferOptions interval_options(double flush_interval) {
  BufferOptions o = memory_options(1 << 20);
  o.flush_mode = FlushMode::kInterval;
  o.flush_interval = flush_interval;
  o.queued_chunks_limit_size = 64;
  return o;
}

TEST(BufferEnqueue, IntervalCountsWholeSecondsFromChunkCreation) {
  Rig rig(interval_options(2.7));  // Fluentd: flush_interval.to_i => 2
  const int64_t t0 = rig.clock;
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 1))}), WriteResult::kOk);
  rig.clock = t0 + 1;  // a later write does not move the creation time
  ASSERT_EQ(rig.write({make_run("a", make_events(2, 1))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->enqueue_due(t0 + 1), 0u);
  EXPECT_EQ(rig.buffer->enqueue_due(t0 + 2), 1u);
  EXPECT_EQ(rig.buffer->queued(), 1u);
  EXPECT_FALSE(rig.buffer->has_staged_data());
}

TEST(BufferEnqueue, QueuedChunksLimitSizeCapsTheTimedRules) {
  BufferOptions o = interval_options(1);
  o.queued_chunks_limit_size = 1;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 1)), make_run("b", make_events(2, 1)),
                       make_run("c", make_events(3, 1))}),
            WriteResult::kOk);
  const int64_t later = rig.clock + 10;
  EXPECT_EQ(rig.buffer->enqueue_due(later), 1u);
  EXPECT_EQ(rig.buffer->enqueue_due(later), 0u);  // the queue is at the limit
  // A dequeued chunk (in flight) does not count, as in Fluentd.
  auto first = rig.buffer->dequeue();
  ASSERT_TRUE(first);
  EXPECT_EQ(rig.buffer->enqueue_due(later), 1u);
  // Oldest staged chunk first: a, then b.
  std::string body, error;
  ASSERT_TRUE(rig.buffer->read(*first, body, &error));
  EXPECT_EQ(event_numbers(body), std::vector<int>{1});
  rig.buffer->commit(*first);
  auto second = rig.buffer->dequeue();
  ASSERT_TRUE(rig.buffer->read(*second, body, &error));
  EXPECT_EQ(event_numbers(body), std::vector<int>{2});
  // enqueue_all (SIGUSR1, shutdown) ignores the limit.
  rig.buffer->takeback(*second);
  EXPECT_EQ(rig.buffer->enqueue_all(), 1u);
  EXPECT_EQ(rig.buffer->queued(), 2u);
}

TEST(BufferEnqueue, TimekeyChunksWaitForTheirWindowAndTimekeyWait) {
  BufferOptions o = memory_options(1 << 20);
  o.keys.time = true;
  o.timekey = 60;
  o.timekey_wait = 10;
  o.flush_mode = FlushMode::kLazy;
  o.queued_chunks_limit_size = 64;
  Rig rig(o);
  const int64_t w0 = 1700000040;  // a minute boundary (UTC)
  ASSERT_EQ(w0 % 60, 0);
  ASSERT_EQ(
      rig.write({make_run("a", make_events(1, 1), w0), make_run("a", make_events(2, 1), w0 + 60)}),
      WriteResult::kOk);
  // Fluentd: timekey < current window start && timekey + timekey + wait <= now.
  EXPECT_EQ(rig.buffer->enqueue_due(w0 + 60 + 9), 0u);
  EXPECT_EQ(rig.buffer->enqueue_due(w0 + 60 + 10), 1u);
  EXPECT_EQ(rig.buffer->enqueue_due(w0 + 120 + 9), 0u);
  EXPECT_EQ(rig.buffer->enqueue_due(w0 + 120 + 10), 1u);
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(event_numbers(bodies[0]), std::vector<int>{1});
}

TEST(BufferEnqueue, LazyModeIgnoresTheInterval) {
  BufferOptions o = memory_options(1 << 20);
  o.flush_mode = FlushMode::kLazy;
  o.flush_interval = 1;
  o.queued_chunks_limit_size = 64;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 1))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->enqueue_due(rig.clock + 1000), 0u);
  EXPECT_TRUE(rig.buffer->has_staged_data());
}

TEST(BufferEnqueue, DequeueIsFifoTakebackGoesToTheHeadCommitPurges) {
  Rig rig(memory_options(100));
  // Five full chunks of one event each (100 bytes).
  for (int n = 1; n <= 5; ++n)
    ASSERT_EQ(rig.write({make_run("a", make_events(n, 1, 79))}), WriteResult::kOk);
  ASSERT_EQ(rig.buffer->queued(), 5u);
  auto c1 = rig.buffer->dequeue();
  auto c2 = rig.buffer->dequeue();
  ASSERT_TRUE(c1 && c2);
  EXPECT_LT(c1->sequence, c2->sequence);
  EXPECT_EQ(rig.buffer->stats().dequeued_chunks, 2u);
  EXPECT_EQ(rig.buffer->stats().queued_bytes, 500u);  // dequeued bytes count
  rig.buffer->takeback(*c1);
  rig.buffer->purge_dequeued(*c2);
  EXPECT_EQ(rig.buffer->stats().queued_bytes, 400u);
  std::vector<int> order;
  for (auto& b : rig.drain())
    for (int n : event_numbers(b)) order.push_back(n);
  EXPECT_EQ(order, (std::vector<int>{1, 3, 4, 5}));
  EXPECT_TRUE(rig.buffer->queue_empty());
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.queued_bytes + s.staged_bytes, 0u);
  EXPECT_EQ(s.dequeued_chunks, 0u);
}

TEST(BufferEnqueue, CommitOfAFileChunkDeletesItsFiles) {
  Rig rig(file_options(1 << 20));
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 3))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->enqueue_all(), 1u);
  std::vector<std::string> names = dir_names(rig.dir());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].rfind("buffer.q", 0), 0u);
  auto c = rig.buffer->dequeue();
  ASSERT_TRUE(c);
  EXPECT_EQ(names[0], "buffer.q" + c->chunk->id().hex() + ".log");
  rig.buffer->commit(*c);
  EXPECT_TRUE(dir_names(rig.dir()).empty());
}

}  // namespace
}  // namespace ferry::buffer
