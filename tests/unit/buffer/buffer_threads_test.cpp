// Writers on several threads while a flusher dequeues: every event comes
// out exactly once, in order per writer (each writer has its own tag).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

// `shared`: the flusher takes read_batch() bytes and lets go of them only
// after the next chunk's commit, as an output finishing late would.
void run_concurrently(BufferOptions o, int kBatches = 200, int kPerBatch = 10, size_t pad = 30,
                      bool shared = false) {
  Rig rig(o);
  constexpr int kWriters = 4;
  // Built up front: the JSON test helper is not thread-safe.
  std::vector<std::vector<std::string>> batches;
  for (int b = 0; b < kBatches; ++b) batches.push_back(make_events(b * kPerBatch, kPerBatch, pad));
  std::atomic<int> writers_left{kWriters};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<MetadataSplitter::Run> runs = {make_run("w" + std::to_string(w), batches[b])};
        std::vector<RejectedEvent> rejected;
        std::string error;
        EXPECT_EQ(rig.buffer->write("t", runs, rejected, &error), WriteResult::kOk) << error;
      }
      --writers_left;
    });
  }
  std::map<std::string, std::vector<int>> seen;  // by chunk tag
  EventBatch held;
  auto take = [&] {
    while (auto c = rig.buffer->dequeue()) {
      std::string body, error;
      const std::string tag = *c->chunk->metadata().tag;  // gone after commit
      if (shared) {
        EventBatch batch;
        EXPECT_TRUE(rig.buffer->read_batch(*c, batch, &error)) << error;
        body.assign(batch.view());
        rig.buffer->commit(*c);
        held = batch;  // the previous chunk's bytes go back to the pool now
      } else {
        EXPECT_TRUE(rig.buffer->read(*c, body, &error)) << error;
        rig.buffer->commit(*c);
      }
      for (int n : event_numbers(body)) seen[tag].push_back(n);
    }
  };
  while (writers_left > 0) {
    rig.buffer->enqueue_due(rig.clock + 1000);
    take();
  }
  for (auto& t : threads) t.join();
  rig.buffer->enqueue_all();
  take();
  ASSERT_EQ(seen.size(), size_t(kWriters));
  for (auto& [tag, ns] : seen) EXPECT_EQ(ns, numbers(0, kBatches * kPerBatch)) << tag;
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.records_in, uint64_t(kWriters * kBatches * kPerBatch));
  EXPECT_EQ(s.staged_bytes + s.queued_bytes, 0u);
}

TEST(BufferThreads, MemoryBufferDeliversEveryEventOnce) {
  BufferOptions o = memory_options(2000);
  o.flush_mode = FlushMode::kInterval;
  o.flush_interval = 1;
  run_concurrently(o);
}

TEST(BufferThreads, MemoryBufferWithPooledSharedBodiesDeliversEveryEventOnce) {
  BufferOptions o = memory_options(512 << 10);  // ~100 KiB batches: pooled bodies
  o.flush_mode = FlushMode::kInterval;
  o.flush_interval = 1;
  run_concurrently(o, 40, 100, 1000, true);
}

TEST(BufferThreads, FileBufferDeliversEveryEventOnce) {
  BufferOptions o = file_options(5000);
  o.fsync = FsyncPolicy::kNever;
  run_concurrently(o);
}

}  // namespace
}  // namespace ferry::buffer
