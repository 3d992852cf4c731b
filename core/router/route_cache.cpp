#include "router/route_cache.hpp"

#include <functional>

namespace ferry::router {

RouteCache::RouteCache(size_t capacity) : capacity_(capacity) {
  size_t slots = 16;
  while (slots < capacity * 2) slots <<= 1;  // load factor <= 1/2
  mask_ = slots - 1;
  slots_ = std::make_unique<std::atomic<const CachedRoute*>[]>(slots);
  for (size_t i = 0; i < slots; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
}

size_t RouteCache::hash(std::string_view tag) {
  return std::hash<std::string_view>{}(tag);
}

const CachedRoute* RouteCache::find(std::string_view tag, size_t h) const {
  for (size_t i = h & mask_, n = 0; n <= mask_; i = (i + 1) & mask_, ++n) {
    const CachedRoute* e = slots_[i].load(std::memory_order_acquire);
    if (!e) return nullptr;
    if (e->hash == h && e->tag == tag) return e;
  }
  return nullptr;
}

const CachedRoute* RouteCache::insert(std::unique_ptr<CachedRoute>& entry) {
  std::lock_guard lock(insert_mu_);
  if (const CachedRoute* existing = find(entry->tag, entry->hash)) return existing;
  if (owned_.size() >= capacity_) return nullptr;
  size_t i = entry->hash & mask_;
  while (slots_[i].load(std::memory_order_relaxed)) i = (i + 1) & mask_;
  const CachedRoute* added = entry.get();
  owned_.push_back(std::move(entry));
  slots_[i].store(added, std::memory_order_release);  // publishes the whole entry
  return added;
}

}  // namespace ferry::router
