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

void run_concurrently(BufferOptions o) {
  Rig rig(o);
  constexpr int kWriters = 4, kBatches = 200, kPerBatch = 10;
  // Built up front: the JSON test helper is not thread-safe.
  std::vector<std::vector<std::string>> batches;
  for (int b = 0; b < kBatches; ++b) batches.push_back(make_events(b * kPerBatch, kPerBatch, 30));
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
  auto take = [&] {
    while (auto c = rig.buffer->dequeue()) {
      std::string body, error;
      EXPECT_TRUE(rig.buffer->read(*c, body, &error)) << error;
      for (int n : event_numbers(body)) seen[*c->chunk->metadata().tag].push_back(n);
      rig.buffer->commit(*c);
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

TEST(BufferThreads, FileBufferDeliversEveryEventOnce) {
  BufferOptions o = file_options(5000);
  o.fsync = FsyncPolicy::kNever;
  run_concurrently(o);
}

}  // namespace
}  // namespace ferry::buffer
