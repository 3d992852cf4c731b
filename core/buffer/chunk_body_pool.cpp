#include "buffer/chunk_body_pool.hpp"

#include <algorithm>

namespace ferry::buffer {

std::shared_ptr<ChunkBodyPool> ChunkBodyPool::create(uint64_t max_bytes, size_t max_bodies) {
  return std::shared_ptr<ChunkBodyPool>(new ChunkBodyPool(max_bytes, max_bodies));
}

std::string ChunkBodyPool::take(size_t min_capacity) {
  std::lock_guard lock(mu_);
  if (bodies_.empty()) return {};
  // The first large enough, else the largest: fewest bytes to grow.
  auto best = bodies_.begin();
  for (auto it = bodies_.begin(); it != bodies_.end(); ++it) {
    if (it->capacity() >= min_capacity) {
      best = it;
      break;
    }
    if (it->capacity() > best->capacity()) best = it;
  }
  std::string body = std::move(*best);
  if (&*best != &bodies_.back()) *best = std::move(bodies_.back());
  bodies_.pop_back();
  pooled_bytes_.fetch_sub(body.capacity(), std::memory_order_relaxed);
  reused_.fetch_add(1, std::memory_order_relaxed);
  return body;
}

void ChunkBodyPool::give(std::string body) {
  const uint64_t capacity = body.capacity();
  if (capacity < kMinBody) return;
  std::lock_guard lock(mu_);
  if (bodies_.size() >= max_bodies_ || pooled_bytes() + capacity > max_bytes_) return;  // freed
  body.clear();
  pooled_bytes_.fetch_add(capacity, std::memory_order_relaxed);
  bodies_.push_back(std::move(body));
}

std::shared_ptr<const std::string> ChunkBodyPool::share(std::string body) {
  // Created non-const, so the deleter may take its memory back.
  auto* bytes = new std::string(std::move(body));
  std::weak_ptr<ChunkBodyPool> pool = weak_from_this();
  return std::shared_ptr<const std::string>(bytes, [pool](const std::string* p) {
    auto* owned = const_cast<std::string*>(p);
    if (auto alive = pool.lock()) alive->give(std::move(*owned));
    delete owned;
  });
}

void ChunkBodyPool::trim(uint64_t max_bytes) {
  std::vector<std::string> freed;  // released after the lock
  {
    std::lock_guard lock(mu_);
    while (!bodies_.empty() && pooled_bytes() > max_bytes) {
      pooled_bytes_.fetch_sub(bodies_.back().capacity(), std::memory_order_relaxed);
      freed.push_back(std::move(bodies_.back()));
      bodies_.pop_back();
    }
  }
}

size_t ChunkBodyPool::pooled_bodies() const {
  std::lock_guard lock(mu_);
  return bodies_.size();
}

}  // namespace ferry::buffer
