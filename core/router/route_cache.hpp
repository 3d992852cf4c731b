#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "router/stages.hpp"

namespace ferry::router {

// Counters of one rule, on their own cache line: many threads bump them.
struct alignas(64) RuleStats {
  std::atomic<uint64_t> records_in{0};
  std::atomic<uint64_t> records_out{0};
};

// What a tag resolves to in one scope: the filters of every matching
// <filter> before the first matching <match>, and that <match> (if any).
struct ResolvedRoute {
  struct Step {
    FilterStage* stage;
    RuleStats* stats;
  };
  std::vector<Step> filters;
  bool matched = false;
  OutputStage* output = nullptr;
  RuleStats* output_stats = nullptr;
  size_t match_rule = 0;
};

struct CachedRoute {
  size_t hash = 0;
  std::string tag;
  ResolvedRoute route;
  mutable std::atomic<uint64_t> no_match_records{0};
};

// Tag -> route for one scope. Routing is static after start, so entries are
// only ever added: lookups are lock-free (an open-addressing table of atomic
// pointers to immutable entries), inserts take a mutex. Bounded: once
// `capacity` tags are cached, new tags are resolved on every emit instead
// (Fluentd evicts FIFO at 1024; unbounded tag sets such as tags taken from
// HTTP paths must not grow memory).
class RouteCache {
 public:
  explicit RouteCache(size_t capacity);
  RouteCache(const RouteCache&) = delete;
  RouteCache& operator=(const RouteCache&) = delete;

  static size_t hash(std::string_view tag);

  const CachedRoute* find(std::string_view tag, size_t hash) const;
  // Adds `entry` unless the tag is there already (returns the existing one)
  // or the cache is full (returns nullptr; `entry` is left untouched).
  const CachedRoute* insert(std::unique_ptr<CachedRoute>& entry);

  // Calls fn(const CachedRoute&) for every entry (for counters).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    std::lock_guard lock(insert_mu_);
    for (const auto& e : owned_) fn(*e);
  }

 private:
  size_t capacity_;
  size_t mask_;
  std::unique_ptr<std::atomic<const CachedRoute*>[]> slots_;
  mutable std::mutex insert_mu_;
  std::vector<std::unique_ptr<CachedRoute>> owned_;
};

}  // namespace ferry::router
