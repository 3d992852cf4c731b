#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ferry::buffer {

// Released memory chunk bodies, kept for the next chunks of the same
// buffer. A memory buffer fills, flushes and frees chunks of about
// chunk_limit_size again and again; taking a body whose pages are already
// mapped saves growing a fresh one (realloc copies) and the page faults of
// new memory. Bounded (`max_bytes` of capacity, trim()) so that idle
// bodies never grow a buffer's memory past its limits. Thread-safe: bodies
// come back from whatever thread drops the last reference to a flushed
// chunk's bytes.
class ChunkBodyPool : public std::enable_shared_from_this<ChunkBodyPool> {
 public:
  // Smaller bodies are not worth keeping (malloc reuses them well).
  static constexpr size_t kMinBody = 64 * 1024;

  // `max_bytes`: capacity kept at most; `max_bodies`: bodies kept at most.
  static std::shared_ptr<ChunkBodyPool> create(uint64_t max_bytes, size_t max_bodies);

  // An empty body with capacity, preferring one of at least `min_capacity`
  // (the largest pooled when none is that large); an empty string with no
  // capacity when the pool is empty.
  std::string take(size_t min_capacity);
  // Keeps `body`'s memory for take() (cleared), or frees it when the pool
  // is full.
  void give(std::string body);
  // `body` as shared immutable bytes; when the last reference is dropped
  // its memory comes back to the pool (or is freed once the pool is gone).
  std::shared_ptr<const std::string> share(std::string body);
  // Frees pooled bodies until at most `max_bytes` of capacity is kept.
  void trim(uint64_t max_bytes);

  uint64_t pooled_bytes() const { return pooled_bytes_.load(std::memory_order_relaxed); }
  size_t pooled_bodies() const;
  uint64_t reused() const { return reused_.load(std::memory_order_relaxed); }

 private:
  ChunkBodyPool(uint64_t max_bytes, size_t max_bodies)
      : max_bytes_(max_bytes), max_bodies_(max_bodies) {}

  const uint64_t max_bytes_;
  const size_t max_bodies_;
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;
  std::atomic<uint64_t> pooled_bytes_{0};
  std::atomic<uint64_t> reused_{0};
};

}  // namespace ferry::buffer
