// Memory chunk bodies: a queued chunk's bytes go to the flush without a
// copy (and are the same bytes again after a takeback), flushed bodies are
// pooled for the next chunks, and the pool stays within its bounds and the
// buffer's total_limit_size.
#include <gtest/gtest.h>

#include "buffer/chunk_body_pool.hpp"
#include "buffer/memory_chunk.hpp"
#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

// `count` events of about 1 KiB each.
MetadataSplitter::Run kib_run(const std::string& tag, int first, int count) {
  return make_run(tag, make_events(first, count, 1000));
}

TEST(BufferMemoryBody, QueuedChunkIsSharedWithTheFlushAndResentUnchangedAfterTakeback) {
  Rig rig(memory_options(1 << 20));
  ASSERT_EQ(rig.write({kib_run("a", 1, 100)}), WriteResult::kOk);
  ASSERT_EQ(rig.buffer->enqueue_all(), 1u);
  auto c = rig.buffer->dequeue();
  ASSERT_TRUE(c);
  std::string copy, error;
  ASSERT_TRUE(rig.buffer->read(*c, copy, &error)) << error;
  EventBatch first;
  ASSERT_TRUE(rig.buffer->read_batch(*c, first, &error)) << error;
  EXPECT_EQ(first.view(), copy);
  EXPECT_EQ(first.count(), 100u);
  EXPECT_EQ(event_numbers(first.view()), numbers(1, 100));

  // RETRY: back to the queue; the next attempt gets the very same bytes.
  rig.buffer->takeback(*c);
  auto again = rig.buffer->dequeue();
  ASSERT_TRUE(again);
  EventBatch second;
  ASSERT_TRUE(rig.buffer->read_batch(*again, second, &error)) << error;
  EXPECT_EQ(second.data(), first.data()) << "copied instead of shared";
  EXPECT_EQ(second.view(), copy);

  // Committed while the output still holds the bytes: they stay valid.
  rig.buffer->commit(*again);
  EXPECT_EQ(first.view(), copy);
  EXPECT_EQ(rig.buffer->stats().queued_bytes, 0u);
}

TEST(BufferMemoryBody, FileChunkBatchIsReadFromDisk) {
  Rig rig(file_options(1 << 20));
  ASSERT_EQ(rig.write({kib_run("a", 1, 10)}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  auto c = rig.buffer->dequeue();
  ASSERT_TRUE(c);
  EventBatch a, b;
  std::string error;
  ASSERT_TRUE(rig.buffer->read_batch(*c, a, &error)) << error;
  ASSERT_TRUE(rig.buffer->read_batch(*c, b, &error)) << error;
  EXPECT_NE(a.data(), b.data());  // nothing of a file chunk is kept in RAM
  EXPECT_EQ(a.view(), b.view());
  EXPECT_EQ(event_numbers(a.view()), numbers(1, 10));
  rig.buffer->commit(*c);
}

TEST(BufferMemoryBody, FlushedBodyIsReusedByTheNextChunk) {
  Rig rig(memory_options(1 << 20));
  ASSERT_EQ(rig.write({kib_run("a", 1, 200)}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  {
    auto c = rig.buffer->dequeue();
    ASSERT_TRUE(c);
    EventBatch batch;
    std::string error;
    ASSERT_TRUE(rig.buffer->read_batch(*c, batch, &error)) << error;
    rig.buffer->commit(*c);
    // The output still holds the bytes: not pooled yet.
    EXPECT_EQ(rig.buffer->stats().pooled_bodies, 0u);
  }
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.pooled_bodies, 1u);
  EXPECT_GE(s.pooled_body_bytes, 200u * 1000);
  EXPECT_EQ(s.reused_bodies, 0u);

  ASSERT_EQ(rig.write({kib_run("a", 201, 100)}), WriteResult::kOk);
  s = rig.buffer->stats();
  EXPECT_EQ(s.reused_bodies, 1u);
  EXPECT_EQ(s.pooled_bodies, 0u);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(201, 100));
}

TEST(BufferMemoryBody, SmallChunksDoNotTakePooledBodies) {
  Rig rig(memory_options(1 << 20));
  ASSERT_EQ(rig.write({kib_run("a", 1, 200)}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  rig.drain();
  ASSERT_EQ(rig.buffer->stats().pooled_bodies, 1u);
  // Many tags with a few events each: none of them holds a big body.
  for (int t = 0; t < 20; ++t)
    ASSERT_EQ(rig.write({kib_run("tag" + std::to_string(t), 1, 5)}), WriteResult::kOk);
  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.reused_bodies, 0u);
  EXPECT_EQ(s.pooled_bodies, 1u);
}

TEST(BufferMemoryBody, PoolGivesWayWhenTheBufferFillsUp) {
  BufferOptions o = memory_options(256 << 10);
  o.total_limit_size = 1 << 20;  // pool: at most a quarter, 256 KiB
  Rig rig(o);
  ASSERT_EQ(rig.write({kib_run("a", 1, 200)}), WriteResult::kOk);
  rig.buffer->enqueue_all();
  rig.drain();
  BufferStats s = rig.buffer->stats();
  ASSERT_EQ(s.pooled_bodies, 1u);
  const uint64_t pooled = s.pooled_body_bytes;
  // Small chunks (no pooled body taken) fill the buffer: data + pool stay
  // within total_limit_size, and a full buffer keeps no pooled body at all.
  int tag = 0;
  WriteResult r = WriteResult::kOk;
  while (r == WriteResult::kOk && tag < 100) {
    r = rig.write({kib_run("t" + std::to_string(tag++), 1, 50)});
    s = rig.buffer->stats();
    if (s.pooled_bodies) {
      EXPECT_LE(s.staged_bytes + s.queued_bytes + pooled, o.total_limit_size);
    }
  }
  EXPECT_EQ(r, WriteResult::kOverflow);
  s = rig.buffer->stats();
  EXPECT_EQ(s.pooled_bodies, 0u);
  EXPECT_EQ(s.pooled_body_bytes, 0u);
}

TEST(BufferMemoryBody, RollbackOfAPooledBodyKeepsTheCommittedBytes) {
  auto pool = ChunkBodyPool::create(4 << 20, 2);
  pool->give(std::string(300 << 10, 'x'));
  auto chunk = MemoryChunk::create(ChunkMetadata{}, ChunkOptions{}, {pool, 1 << 20});
  std::string error;
  const std::string a = make_event(1, 1, 70 << 10), b = make_event(1, 2, 10);
  ASSERT_TRUE(chunk->append(a, 1, &error));  // past kPooledFrom: takes the pooled body
  ASSERT_TRUE(chunk->commit(&error));
  EXPECT_EQ(pool->reused(), 1u);
  ASSERT_TRUE(chunk->append(b, 1, &error));
  ASSERT_TRUE(chunk->rollback(&error));
  std::string body;
  ASSERT_TRUE(chunk->read(body, &error));
  EXPECT_EQ(body, a);
  ASSERT_TRUE(chunk->enqueue(&error)) << error;
  EXPECT_EQ(chunk->pending_bytes(), 0u);
  EXPECT_EQ(chunk->bytes(), a.size());
  ASSERT_TRUE(chunk->purge(&error));
  EXPECT_EQ(pool->pooled_bodies(), 1u);  // back once nobody holds it
}

TEST(ChunkBodyPool, KeepsAtMostItsBoundsAndTrims) {
  auto pool = ChunkBodyPool::create(1 << 20, 2);
  pool->give(std::string(100, 'x'));  // too small to keep
  EXPECT_EQ(pool->pooled_bodies(), 0u);
  std::string huge;
  huge.reserve(2 << 20);
  pool->give(std::move(huge));  // over max_bytes
  EXPECT_EQ(pool->pooled_bodies(), 0u);
  std::string big;
  big.reserve(400 << 10);
  pool->give(big);  // a copy: capacity about its size (0), not kept
  pool->give(std::move(big));
  EXPECT_EQ(pool->pooled_bodies(), 1u);
  std::string other;
  other.reserve(400 << 10);
  pool->give(std::move(other));
  std::string third;
  third.reserve(100 << 10);
  pool->give(std::move(third));  // a third body: over max_bodies
  EXPECT_EQ(pool->pooled_bodies(), 2u);
  EXPECT_LE(pool->pooled_bytes(), uint64_t(1 << 20));

  std::string taken = pool->take(300 << 10);
  EXPECT_TRUE(taken.empty());
  EXPECT_GE(taken.capacity(), size_t(300 << 10));
  EXPECT_EQ(pool->reused(), 1u);
  pool->trim(0);
  EXPECT_EQ(pool->pooled_bodies(), 0u);
  EXPECT_EQ(pool->pooled_bytes(), 0u);

  // Shared bytes come back when the last holder lets go, even after the
  // pool's owner is gone (then they are simply freed).
  std::string body;
  body.reserve(200 << 10);
  body = "events";
  auto shared = pool->share(std::move(body));
  auto copy = shared;
  shared.reset();
  EXPECT_EQ(pool->pooled_bodies(), 0u);
  copy.reset();
  EXPECT_EQ(pool->pooled_bodies(), 1u);
  auto orphan = pool->share(std::string(300 << 10, 'y'));
  pool.reset();
  orphan.reset();  // no crash, no leak (ASan builds check the latter)
}

}  // namespace
}  // namespace ferry::buffer
