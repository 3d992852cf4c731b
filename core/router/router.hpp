#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/event_batch.hpp"
#include "ferry/abi.h"
#include "router/route_cache.hpp"
#include "router/route_table.hpp"

namespace ferry::router {

struct RouterOptions {
  // Nested emits on one thread (relabel -> label -> relabel ...) beyond this
  // are a cycle: the batch is dropped with an error instead of recursing
  // until the stack runs out.
  uint32_t max_emit_depth = 32;
  // Distinct tags whose route is cached per scope.
  size_t route_cache_size = 2048;
};

struct RuleCounters {
  uint64_t records_in = 0;
  uint64_t records_out = 0;  // filters: records passed on; matches: written OK
};

// Fluentd's no-match warning schedule: the 1st, 2nd, 4th ... 256th
// occurrence, then every 512th.
constexpr bool warn_this_time(uint64_t count) {
  return count < 512 ? (count & (count - 1)) == 0 && count != 0 : count % 512 == 0;
}

// Runs a RouteTable: Fluentd's EventRouter + RootAgent error handling.
// Thread-safe: emit() may be called from any number of threads at once. The
// stages must outlive the Router, and the Router must outlive every write it
// started (stop outputs first).
class Router {
 public:
  explicit Router(RouteTable table, RouterOptions options = {});
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Routes a batch emitted into `scope` (ROOT, an input's @label, or the
  // label a re-emitting plugin belongs to). Filters run synchronously on the
  // calling thread; the output's write may complete later on another one.
  // A filter that fails, or an output that completes with RETRY or DROP,
  // sends the batch (as it entered this scope) to the error path.
  // Returns FERRY_OK when the batch was taken care of: written, dropped as
  // matching no <match> (warned), or handed to <label @ERROR>. Returns
  // FERRY_DROP when it failed synchronously with no @ERROR label (each event
  // was dumped to the log), so an input that can report failure (HTTP 500,
  // no forward ack) does, as Fluentd's inputs see the exception.
  // Returns FERRY_RETRY (backpressure) when a full buffer refused the batch
  // synchronously: a buffered stage answered RETRY, or an unbuffered one
  // (copy, relabel) passed on such a RETRY from below (see
  // note_backpressure()). The batch then went nowhere near the error path;
  // the emitter must send it again later (in_http: 503 + Retry-After; exec
  // and sample hold it and pause). At-least-once: with copy, stores before
  // the one that pushed back already took the batch and get it again.
  ferry_status emit(ScopeId scope, std::string_view tag, const EventBatch& batch);

  // One [time, record] event a plugin rejected (Fluentd emit_error_event):
  // to <label @ERROR> with its original tag, else dumped to the log.
  // `error_class` defaults to "Ferry::EventError".
  void emit_error(std::string_view tag, std::string_view event, std::string_view error,
                  std::string_view error_class = {});

  // A whole batch that could not be processed (Fluentd handle_emits_error):
  // to <label @ERROR>, else every event is dumped. Same return as emit().
  ferry_status emit_error_batch(std::string_view tag, const EventBatch& batch,
                                std::string_view error, std::string_view error_class = {});

  const RouteTable& table() const { return table_; }

  // Telemetry.
  RuleCounters counters(ScopeId scope, size_t rule) const;
  uint64_t no_match_emits(ScopeId scope) const;    // batches; drives the warnings
  uint64_t no_match_records(ScopeId scope) const;  // events
  // Per tag, for the cached tags (others are summed under "" ).
  std::vector<std::pair<std::string, uint64_t>> no_match_records_by_tag(ScopeId scope) const;
  uint64_t error_records() const { return error_records_.load(std::memory_order_relaxed); }
  uint64_t loop_drops() const { return loop_drops_.load(std::memory_order_relaxed); }
  // Emits answered FERRY_RETRY because a full buffer pushed back.
  uint64_t pushed_back_batches() const {
    return pushed_back_batches_.load(std::memory_order_relaxed);
  }
  uint64_t pushed_back_records() const {
    return pushed_back_records_.load(std::memory_order_relaxed);
  }

 private:
  struct Agent;
  struct PendingWrite;

  const ResolvedRoute* route_for(Agent& agent, ScopeId scope, std::string_view tag,
                                 std::unique_ptr<CachedRoute>& uncached, const CachedRoute*& entry);
  ResolvedRoute resolve(ScopeId scope, std::string_view tag);
  ferry_status write(ScopeId scope, const ResolvedRoute& route, std::string_view tag,
                     const EventBatch& batch);
  ferry_status finish_write(PendingWrite& call, bool synchronous);
  ferry_status push_back(PendingWrite& call);
  void no_match(Agent& agent, const CachedRoute* entry, std::string_view tag, uint32_t records);
  void emit_loop(std::string_view tag, uint32_t records);
  ferry_status fail_batch(ScopeId scope, std::string_view tag, const EventBatch& batch,
                          std::string_view error, std::string_view error_class);
  void dump_batch(std::string_view tag, const EventBatch& batch, std::string_view error,
                  std::string_view error_class);
  void dump_event(std::string_view tag, std::string_view event, std::string_view error,
                  std::string_view error_class);
  bool inside_error_scope(ScopeId scope) const;

  RouteTable table_;
  RouterOptions options_;
  std::optional<ScopeId> error_scope_;
  std::vector<std::unique_ptr<Agent>> agents_;
  std::atomic<uint64_t> error_records_{0};
  std::atomic<uint64_t> loop_drops_{0};
  std::atomic<uint64_t> loop_warnings_{0};
  std::atomic<uint64_t> pushed_back_batches_{0};
  std::atomic<uint64_t> pushed_back_records_{0};
};

}  // namespace ferry::router
