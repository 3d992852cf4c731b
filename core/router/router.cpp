#include "router/router.hpp"

#include "router/event_inspect.hpp"
#include "telemetry/log.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::router {
namespace {

constexpr std::string_view kDefaultEventErrorClass = "Ferry::EventError";
constexpr std::string_view kFilterErrorClass = "Ferry::FilterError";
constexpr std::string_view kOutputErrorClass = "Ferry::OutputError";
constexpr std::string_view kFluentLogLabel = "@FLUENT_LOG";

// What this thread is routing right now: nested emits (relabel, copy, the
// error path) run on the emitting thread, so depth counts a cycle and
// `scope` tells emit_error() where a failing filter lives.
struct EmitContext {
  const Router* router = nullptr;
  ScopeId scope = kRootScope;
  uint32_t depth = 0;
};
thread_local EmitContext t_context;

// note_backpressure() calls on this thread; see stages.hpp.
thread_local uint64_t t_backpressure = 0;

class ContextScope {
 public:
  ContextScope(const Router* router, ScopeId scope) : saved_(t_context) {
    t_context.router = router;
    t_context.scope = scope;
    ++t_context.depth;
  }
  ~ContextScope() { t_context = saved_; }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  EmitContext saved_;
};

// " error_class=C error="E" location=nil tag="T"" as Fluentd's log shows
// an exception and a tag.
std::string error_fields(std::string_view error_class, std::string_view error,
                         std::string_view tag) {
  std::string s = " error_class=";
  s.append(error_class.empty() ? kDefaultEventErrorClass : error_class);
  s += " error=" + text::ruby_string_inspect(error) +
       " location=nil tag=" + text::ruby_string_inspect(tag);
  return s;
}

const char* status_name(ferry_status s) {
  switch (s) {
    case FERRY_OK:
      return "OK";
    case FERRY_RETRY:
      return "RETRY";
    case FERRY_DROP:
      return "DROP";
    case FERRY_ERROR:
      return "ERROR";
  }
  return "?";
}

}  // namespace

void note_backpressure() {
  ++t_backpressure;
}

uint64_t backpressure_count() {
  return t_backpressure;
}

struct Router::Agent {
  Agent(size_t rules, size_t cache_size)
      : stats(std::make_unique<RuleStats[]>(rules)), cache(cache_size) {}
  std::unique_ptr<RuleStats[]> stats;
  RouteCache cache;
  bool warn_no_match = true;
  std::atomic<uint64_t> no_match_emits{0};
  std::atomic<uint64_t> no_match_records{0};
  std::atomic<uint64_t> uncached_no_match_records{0};
};

// One output write in flight. The output may call `done` before write()
// returns (synchronous outputs: the result then goes back to the emitter) or
// later from another thread (the error path runs there). Whoever comes
// second finishes and frees it.
struct Router::PendingWrite {
  static constexpr int kRunning = 0, kReturned = 1, kCompleted = 2;
  PendingWrite(Router* r, ScopeId s, size_t i, RuleStats* st, std::string_view t,
               const EventBatch& b)
      : router(r), scope(s), rule(i), stats(st), tag(t), batch(b) {}
  Router* router;
  ScopeId scope;
  size_t rule;
  RuleStats* stats;
  std::string tag;
  EventBatch batch;
  std::atomic<int> state{kRunning};
  ferry_status status = FERRY_OK;
  std::string message;

  void done(ferry_status s, std::string_view msg) {
    status = s;
    if (s != FERRY_OK) message = std::string(msg);
    if (state.exchange(kCompleted, std::memory_order_acq_rel) == kReturned) {
      router->finish_write(*this, false);
      delete this;
    }
  }
};

Router::Router(RouteTable table, RouterOptions options)
    : table_(std::move(table)), options_(options), error_scope_(table_.error_scope()) {
  for (ScopeId s = 0; s < table_.scope_count(); ++s) {
    auto agent = std::make_unique<Agent>(table_.scope(s).rules.size(), options_.route_cache_size);
    // Fluentd keeps <label @FLUENT_LOG> quiet about unmatched log events.
    agent->warn_no_match = table_.scope(s).name != kFluentLogLabel;
    agents_.push_back(std::move(agent));
  }
}

Router::~Router() = default;

ResolvedRoute Router::resolve(ScopeId scope, std::string_view tag) {
  ResolvedRoute route;
  const auto& rules = table_.scope(scope).rules;
  RuleStats* stats = agents_[scope]->stats.get();
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    if (!r.pattern.match(tag)) continue;
    if (r.kind == RuleKind::Filter) {
      route.filters.push_back({r.filter, &stats[i]});
      continue;
    }
    route.matched = true;
    route.output = r.output;
    route.output_stats = &stats[i];
    route.match_rule = i;
    break;
  }
  return route;
}

const ResolvedRoute* Router::route_for(Agent& agent, ScopeId scope, std::string_view tag,
                                       std::unique_ptr<CachedRoute>& uncached,
                                       const CachedRoute*& entry) {
  size_t h = RouteCache::hash(tag);
  entry = agent.cache.find(tag, h);
  if (entry) return &entry->route;
  auto fresh = std::make_unique<CachedRoute>();
  fresh->hash = h;
  fresh->tag = std::string(tag);
  fresh->route = resolve(scope, tag);
  entry = agent.cache.insert(fresh);
  if (entry) return &entry->route;
  uncached = std::move(fresh);
  return &uncached->route;
}

ferry_status Router::emit(ScopeId scope, std::string_view tag, const EventBatch& batch) {
  if (scope >= agents_.size()) {
    log::error("emit into unknown scope " + std::to_string(scope) +
               " tag=" + text::ruby_string_inspect(tag));
    return FERRY_DROP;
  }
  if (batch.empty()) return FERRY_OK;
  if (t_context.depth >= options_.max_emit_depth) {
    emit_loop(tag, batch.count());
    return FERRY_OK;
  }
  ContextScope context(this, scope);
  Agent& agent = *agents_[scope];
  std::unique_ptr<CachedRoute> uncached;
  const CachedRoute* entry = nullptr;
  const ResolvedRoute& route = *route_for(agent, scope, tag, uncached, entry);

  const EventBatch* current = &batch;
  EventBatch rewritten;
  for (const ResolvedRoute::Step& step : route.filters) {
    if (!step.stage) continue;
    step.stats->records_in.fetch_add(current->count(), std::memory_order_relaxed);
    FilterOutcome out = step.stage->filter(tag, *current);
    if (out.kind == FilterOutcome::Kind::Failed) {
      // Fluentd hands the stream as it entered emit to the error path.
      return fail_batch(scope, tag, batch, out.error.empty() ? "filter failed" : out.error,
                        kFilterErrorClass);
    }
    if (out.kind == FilterOutcome::Kind::Rewritten) {
      rewritten = std::move(out.batch);
      current = &rewritten;
    }
    step.stats->records_out.fetch_add(current->count(), std::memory_order_relaxed);
    if (current->empty()) return FERRY_OK;
  }
  if (!route.matched) {
    no_match(agent, entry, tag, current->count());
    return FERRY_OK;
  }
  return write(scope, route, tag, *current);
}

ferry_status Router::write(ScopeId scope, const ResolvedRoute& route, std::string_view tag,
                           const EventBatch& batch) {
  route.output_stats->records_in.fetch_add(batch.count(), std::memory_order_relaxed);
  if (!route.output) {
    return fail_batch(scope, tag, batch, "the output plugin of this <match> did not load",
                      kOutputErrorClass);
  }
  auto* call = new PendingWrite(this, scope, route.match_rule, route.output_stats, tag, batch);
  uint64_t pushed_back_before = backpressure_count();
  route.output->write(tag, batch,
                      [call](ferry_status s, std::string_view msg) { call->done(s, msg); });
  if (call->state.exchange(PendingWrite::kReturned, std::memory_order_acq_rel) ==
      PendingWrite::kCompleted) {
    // A full buffer (this stage's, or one below it reached through relabel
    // or copy on this thread) answered RETRY: nothing was lost, the emitter
    // is told to try again later.
    bool pushed_back = call->status == FERRY_RETRY &&
                       (route.output->buffered() || backpressure_count() != pushed_back_before);
    ferry_status result = pushed_back ? push_back(*call) : finish_write(*call, true);
    delete call;
    return result;
  }
  return FERRY_OK;
}

ferry_status Router::push_back(PendingWrite& call) {
  note_backpressure();  // for the stages and emits enclosing this one
  // Not taken: the emitter sends the same events again.
  call.stats->records_in.fetch_sub(call.batch.count(), std::memory_order_relaxed);
  pushed_back_batches_.fetch_add(1, std::memory_order_relaxed);
  pushed_back_records_.fetch_add(call.batch.count(), std::memory_order_relaxed);
  return FERRY_RETRY;
}

ferry_status Router::finish_write(PendingWrite& call, bool synchronous) {
  if (call.status == FERRY_OK) {
    call.stats->records_out.fetch_add(call.batch.count(), std::memory_order_relaxed);
    return FERRY_OK;
  }
  const Rule& rule = table_.scope(call.scope).rules[call.rule];
  std::string error = "<match " + rule.pattern.text() + "> @type " + rule.type + " answered " +
                      status_name(call.status);
  if (!call.message.empty()) error += ": " + call.message;
  if (call.status == FERRY_RETRY) error += " (an output without a buffer is not retried)";
  if (synchronous) return fail_batch(call.scope, call.tag, call.batch, error, kOutputErrorClass);
  // Completed on another thread: route the error path as if from its scope.
  // Nobody is left to hand a RETRY to: when <label @ERROR> pushes back, the
  // events are dumped to the log rather than dropped without a word.
  ContextScope context(this, call.scope);
  if (fail_batch(call.scope, call.tag, call.batch, error, kOutputErrorClass) == FERRY_RETRY) {
    dump_batch(call.tag, call.batch, error + " (and <label @ERROR> pushed back)",
               kOutputErrorClass);
  }
  return FERRY_OK;
}

void Router::no_match(Agent& agent, const CachedRoute* entry, std::string_view tag,
                      uint32_t records) {
  agent.no_match_records.fetch_add(records, std::memory_order_relaxed);
  if (entry) {
    entry->no_match_records.fetch_add(records, std::memory_order_relaxed);
  } else {
    agent.uncached_no_match_records.fetch_add(records, std::memory_order_relaxed);
  }
  uint64_t n = agent.no_match_emits.fetch_add(1, std::memory_order_relaxed) + 1;
  if (!agent.warn_no_match) return;
  std::string msg = "no patterns matched tag=" + text::ruby_string_inspect(tag);
  if (warn_this_time(n)) {
    log::warn(msg);
  } else if (log::enabled(log::Level::Trace)) {
    log::trace(msg);
  }
}

void Router::emit_loop(std::string_view tag, uint32_t records) {
  loop_drops_.fetch_add(records, std::memory_order_relaxed);
  uint64_t n = loop_warnings_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (!warn_this_time(n)) return;
  log::error("emit loop detected: tag=" + text::ruby_string_inspect(tag) + " was emitted " +
             std::to_string(options_.max_emit_depth) +
             " times in a row on one thread, which means a cycle (relabel or copy <store> "
             "@label chains that lead back to a label already on the path); " +
             std::to_string(records) + " events dropped (occurrence " + std::to_string(n) + ")");
}

bool Router::inside_error_scope(ScopeId scope) const {
  return error_scope_ && scope == *error_scope_;
}

ferry_status Router::fail_batch(ScopeId scope, std::string_view tag, const EventBatch& batch,
                                std::string_view error, std::string_view error_class) {
  error_records_.fetch_add(batch.count(), std::memory_order_relaxed);
  // An error inside <label @ERROR> is not sent there again: it would fail
  // the same way forever.
  if (error_scope_ && !inside_error_scope(scope)) {
    log::warn("send an error event stream to @ERROR:" + error_fields(error_class, error, tag));
    // A full buffer in @ERROR pushes back like any other: the emitter
    // retries (callers without an emitter dump the batch).
    return emit(*error_scope_, tag, batch) == FERRY_RETRY ? FERRY_RETRY : FERRY_OK;
  }
  dump_batch(tag, batch, error, error_class);
  return FERRY_DROP;
}

void Router::dump_batch(std::string_view tag, const EventBatch& batch, std::string_view error,
                        std::string_view error_class) {
  log::warn("emit transaction failed:" + error_fields(error_class, error, tag));
  for_each_event(batch.view(),
                 [&](std::string_view event) { dump_event(tag, event, error, error_class); });
}

ferry_status Router::emit_error_batch(std::string_view tag, const EventBatch& batch,
                                      std::string_view error, std::string_view error_class) {
  if (batch.empty()) return FERRY_OK;
  ScopeId scope = t_context.router == this ? t_context.scope : kRootScope;
  return fail_batch(scope, tag, batch, error, error_class);
}

void Router::emit_error(std::string_view tag, std::string_view event, std::string_view error,
                        std::string_view error_class) {
  error_records_.fetch_add(1, std::memory_order_relaxed);
  ScopeId scope = t_context.router == this ? t_context.scope : kRootScope;
  std::string time, record;
  bool well_formed = inspect_event(event, time, record) && next_event_size(event) == event.size();
  if (error_scope_ && !inside_error_scope(scope) && well_formed) {
    log::warn("send an error event to @ERROR:" + error_fields(error_class, error, tag) +
              " time=" + time);
    // No emitter to hand a RETRY to: a full @ERROR buffer means the log.
    if (emit(*error_scope_, tag, EventBatch(std::string(event), 1)) != FERRY_RETRY) return;
  }
  dump_event(tag, event, error, error_class);
}

void Router::dump_event(std::string_view tag, std::string_view event, std::string_view error,
                        std::string_view error_class) {
  std::string time, record;
  if (!inspect_event(event, time, record)) {
    log::warn("dump an error event:" + error_fields(error_class, error, tag) +
              " (the event bytes are not a MessagePack [time, record]: " +
              std::to_string(event.size()) + " bytes)");
    return;
  }
  log::warn("dump an error event:" + error_fields(error_class, error, tag) + " time=" + time +
            " record=" + record);
}

RuleCounters Router::counters(ScopeId scope, size_t rule) const {
  const RuleStats& s = agents_[scope]->stats[rule];
  return {s.records_in.load(std::memory_order_relaxed),
          s.records_out.load(std::memory_order_relaxed)};
}

uint64_t Router::no_match_emits(ScopeId scope) const {
  return agents_[scope]->no_match_emits.load(std::memory_order_relaxed);
}

uint64_t Router::no_match_records(ScopeId scope) const {
  return agents_[scope]->no_match_records.load(std::memory_order_relaxed);
}

std::vector<std::pair<std::string, uint64_t>> Router::no_match_records_by_tag(ScopeId scope) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  const Agent& agent = *agents_[scope];
  agent.cache.for_each([&](const CachedRoute& e) {
    uint64_t n = e.no_match_records.load(std::memory_order_relaxed);
    if (n) out.emplace_back(e.tag, n);
  });
  if (uint64_t rest = agent.uncached_no_match_records.load(std::memory_order_relaxed))
    out.emplace_back("", rest);
  return out;
}

}  // namespace ferry::router
