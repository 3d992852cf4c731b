#pragma once
#include <memory>

#include "buffer/chunk.hpp"
#include "buffer/chunk_body_pool.hpp"

namespace ferry::buffer {

// Where a memory chunk's body memory comes from: `pool` (may be null) gives
// bodies of earlier chunks back; `limit_hint` (chunk_limit_size) caps how
// far the body grows ahead of its data.
struct MemoryChunkStorage {
  std::shared_ptr<ChunkBodyPool> pool;
  size_t limit_hint = 0;
};

// `@type memory`: the body lives in one string; commit/rollback move a
// committed-size mark, so nothing is copied twice. Once queued the body is
// frozen into shared immutable bytes: every flush attempt (and a retry)
// hands out those same bytes without copying them (read_batch).
class MemoryChunk final : public Chunk {
 public:
  using Storage = MemoryChunkStorage;
  static std::unique_ptr<MemoryChunk> create(const ChunkMetadata& metadata, ChunkOptions options,
                                             Storage storage = {});
  ~MemoryChunk() override;

  // A chunk smaller than this keeps growing its own small body: only
  // chunks that grow past it take a (chunk_limit_size-like) pooled body,
  // so thousands of tags with small chunks never each hold a big one.
  static constexpr size_t kPooledFrom = ChunkBodyPool::kMinBody;
  // Such a chunk reserves chunk_limit_size at once when no pooled body is
  // free (up to this; larger limits keep doubling).
  static constexpr size_t kWholeReserveMax = 64 << 20;

  uint64_t bytes() const override { return committed_bytes_; }
  uint64_t pending_bytes() const override { return shared_ ? 0 : body_.size() - committed_bytes_; }
  bool append(std::string_view data, uint64_t records, std::string* error) override;
  bool commit(std::string* error) override;
  bool rollback(std::string* error) override;
  bool read(std::string& out, std::string* error) const override;
  bool read_batch(EventBatch& out, std::string* error) const override;
  bool enqueue(std::string* error) override;
  bool purge(std::string* error) override;

 private:
  MemoryChunk(ChunkMeta meta, ChunkOptions options, Storage storage)
      : Chunk(std::move(meta), ChunkState::kStaged, options), storage_(std::move(storage)) {}

  // Room for `need` bytes in body_ without growing it on every append.
  void reserve_for(size_t need);
  std::string_view committed() const {
    return shared_ ? std::string_view(*shared_) : std::string_view(body_.data(), committed_bytes_);
  }
  void release_body();

  Storage storage_;
  std::string body_;                           // staged: committed bytes, then pending ones
  std::shared_ptr<const std::string> shared_;  // queued: the frozen body
  size_t committed_bytes_ = 0;
};

}  // namespace ferry::buffer
