#include "buffer/memory_chunk.hpp"

#include <chrono>

#include "buffer/gzip_member.hpp"

namespace ferry::buffer {

int64_t chunk_clock_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<MemoryChunk> MemoryChunk::create(const ChunkMetadata& metadata,
                                                 ChunkOptions options) {
  ChunkMeta meta;
  meta.metadata = metadata;
  meta.id = ChunkId::generate();
  meta.created_at = meta.modified_at = chunk_clock_now();
  return std::unique_ptr<MemoryChunk>(new MemoryChunk(std::move(meta), options));
}

bool MemoryChunk::append(std::string_view data, uint64_t records, std::string* error) {
  if (state_ != ChunkState::kStaged) {
    *error = "chunk " + id().hex() + " is not staged";
    return false;
  }
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
  body_.resize(committed_bytes_);
  pending_records_ = 0;
  return true;
}

bool MemoryChunk::read(std::string& out, std::string* error) const {
  std::string_view body(body_.data(), committed_bytes_);
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

bool MemoryChunk::enqueue(std::string* error) {
  if (state_ != ChunkState::kStaged || pending_records_ != 0 || body_.size() != committed_bytes_) {
    *error = "chunk " + id().hex() + " cannot be enqueued: not staged or has uncommitted data";
    return false;
  }
  state_ = ChunkState::kQueued;
  return true;
}

bool MemoryChunk::purge(std::string*) {
  std::string().swap(body_);
  committed_bytes_ = 0;
  state_ = ChunkState::kPurged;
  return true;
}

}  // namespace ferry::buffer
