#include "buffer/memory_chunk.hpp"

#include <algorithm>
#include <chrono>

#include "buffer/gzip_member.hpp"

namespace ferry::buffer {

int64_t chunk_clock_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Chunk::read_batch(EventBatch& out, std::string* error) const {
  std::string body;
  if (!read(body, error)) return false;
  out = EventBatch(std::move(body), uint32_t(records()));
  return true;
}

std::unique_ptr<MemoryChunk> MemoryChunk::create(const ChunkMetadata& metadata,
                                                 ChunkOptions options, Storage storage) {
  ChunkMeta meta;
  meta.metadata = metadata;
  meta.id = ChunkId::generate();
  meta.created_at = meta.modified_at = chunk_clock_now();
  return std::unique_ptr<MemoryChunk>(
      new MemoryChunk(std::move(meta), options, std::move(storage)));
}

MemoryChunk::~MemoryChunk() {
  release_body();
}

void MemoryChunk::release_body() {
  if (storage_.pool) storage_.pool->give(std::move(body_));
  std::string().swap(body_);
  // The last holder (this chunk, or a flush still holding the bytes) gives
  // the memory back to the pool.
  shared_.reset();
  committed_bytes_ = 0;
}

void MemoryChunk::reserve_for(size_t need) {
  const size_t capacity = body_.capacity();
  if (need <= capacity) return;
  // Doubling, but never far past the chunk limit: a chunk is queued once it
  // nears chunk_limit_size, so room beyond it would never be used.
  size_t target = std::max(need, capacity * 2);
  if (storage_.limit_hint) target = std::min(target, std::max(need, storage_.limit_hint));
  if (storage_.pool && target >= kPooledFrom) {
    std::string reused = storage_.pool->take(target);
    if (reused.capacity() > capacity) {
      // Copies what the chunk holds so far: nothing when the first append
      // is this large, else under kPooledFrom once (afterwards the body
      // has room for the whole chunk).
      if (reused.capacity() < target) reused.reserve(target);
      reused.append(body_);
      body_.swap(reused);
      return;
    }
    if (reused.capacity() > 0) storage_.pool->give(std::move(reused));
    // None pooled (no flush has given one back yet): room for the whole
    // chunk at once, so this body is never copied again and comes back to
    // the pool full-size. Only address space: pages are touched as data
    // comes, so a chunk that stays small costs only what it holds.
    if (storage_.limit_hint && storage_.limit_hint <= kWholeReserveMax)
      target = std::max(need, storage_.limit_hint);
  }
  body_.reserve(target);
}

bool MemoryChunk::append(std::string_view data, uint64_t records, std::string* error) {
  if (state_ != ChunkState::kStaged) {
    *error = "chunk " + id().hex() + " is not staged";
    return false;
  }
  // gzip output is about as large as its input at most (plus headers): the
  // same room covers it.
  reserve_for(body_.size() + data.size());
  if (options_.gzip) {
    append_gzip_member(data, body_);
  } else {
    body_.append(data);
  }
  pending_records_ += records;
  return true;
}

bool MemoryChunk::commit(std::string*) {
  committed_bytes_ = body_.size();
  meta_.records += pending_records_;
  pending_records_ = 0;
  meta_.modified_at = chunk_clock_now();
  return true;
}

bool MemoryChunk::rollback(std::string*) {
  if (!shared_) body_.resize(committed_bytes_);
  pending_records_ = 0;
  return true;
}

bool MemoryChunk::read(std::string& out, std::string* error) const {
  std::string_view body = committed();
  if (!options_.gzip) {
    out.assign(body);
    return true;
  }
  GzipScan scan = inflate_gzip_members(body);
  if (scan.whole_bytes != body.size()) {
    *error = "chunk " + id().hex() + ": damaged gzip member";
    return false;
  }
  out = std::move(scan.inflated);
  return true;
}

bool MemoryChunk::read_batch(EventBatch& out, std::string* error) const {
  if (!shared_ || options_.gzip) return Chunk::read_batch(out, error);
  // Queued: the frozen bytes themselves, the same on every attempt.
  out = EventBatch(shared_, uint32_t(records()));
  return true;
}

bool MemoryChunk::enqueue(std::string* error) {
  if (state_ != ChunkState::kStaged || pending_records_ != 0 || body_.size() != committed_bytes_) {
    *error = "chunk " + id().hex() + " cannot be enqueued: not staged or has uncommitted data";
    return false;
  }
  state_ = ChunkState::kQueued;
  // Never written again: freeze the body (moved, not copied) so flushes
  // can share it.
  shared_ = storage_.pool ? storage_.pool->share(std::move(body_))
                          : std::make_shared<const std::string>(std::move(body_));
  std::string().swap(body_);
  return true;
}

bool MemoryChunk::purge(std::string*) {
  release_body();
  state_ = ChunkState::kPurged;
  return true;
}

}  // namespace ferry::buffer
