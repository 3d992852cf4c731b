#pragma once
#include <memory>

#include "buffer/chunk.hpp"

namespace ferry::buffer {

// `@type memory`: the body lives in one string; commit/rollback move a
// committed-size mark, so nothing is copied twice.
class MemoryChunk final : public Chunk {
 public:
  static std::unique_ptr<MemoryChunk> create(const ChunkMetadata& metadata, ChunkOptions options);

  uint64_t bytes() const override { return committed_bytes_; }
  uint64_t pending_bytes() const override { return body_.size() - committed_bytes_; }
  bool append(std::string_view data, uint64_t records, std::string* error) override;
  bool commit(std::string* error) override;
  bool rollback(std::string* error) override;
  bool read(std::string& out, std::string* error) const override;
  bool enqueue(std::string* error) override;
  bool purge(std::string* error) override;

 private:
  MemoryChunk(ChunkMeta meta, ChunkOptions options)
      : Chunk(std::move(meta), ChunkState::kStaged, options) {}

  std::string body_;  // committed bytes, then pending ones
  size_t committed_bytes_ = 0;
};

}  // namespace ferry::buffer
