// Router throughput: batches of 1,000 ~250-byte MessagePack records through
// one no-op filter into a null output, on one thread (issue 2 target: >= 5
// million records/s on one core). Reported as items_per_second = records/s.
#include <benchmark/benchmark.h>
#include <msgpack.h>

#include <string>
#include <vector>

#include "bench_batch.hpp"
#include "config/config_tree.hpp"
#include "event/event_time.hpp"
#include "router/build_routes.hpp"
#include "router/event_inspect.hpp"
#include "router/router.hpp"

namespace {

using namespace ferry;
using namespace ferry::router;

using bench::kBatch;
using bench::make_batch;

class NoopFilter : public FilterStage {
 public:
  FilterOutcome filter(std::string_view, const EventBatch&) override { return {}; }
};

class NullOutput : public OutputStage {
 public:
  void write(std::string_view, const EventBatch& batch, WriteDone done) override {
    benchmark::DoNotOptimize(batch.data());
    done(FERRY_OK, {});
  }
};

class Stages : public StageFactory {
 public:
  FilterStage* filter_for(const config::Element&, const StageScope&) override { return &filter_; }
  OutputStage* output_for(const config::Element&, const StageScope&) override { return &output_; }

 private:
  NoopFilter filter_;
  NullOutput output_;
};

config::Element directive(std::string name, std::string arg, std::string type) {
  config::Element e;
  e.name = std::move(name);
  e.arg = std::move(arg);
  e.entries.push_back({"@type", std::move(type), {}, {}});
  return e;
}

// <filter app.**> no-op, then <match app.**> null, behind `decoys` <match>
// sections that do not match (the route cache makes them free after the
// first batch of a tag).
std::unique_ptr<Router> make_router(Stages& stages, int decoys) {
  config::Element root;
  root.name = "ROOT";
  for (int i = 0; i < decoys; ++i)
    root.children.push_back(directive("match", "other" + std::to_string(i) + ".**", "null"));
  root.children.push_back(directive("filter", "app.**", "noop"));
  root.children.push_back(directive("match", "app.**", "null"));
  config::Diagnostics diag;
  return std::make_unique<Router>(build_routes(root, stages, diag));
}

void BM_NoopFilterIntoNull(benchmark::State& state) {
  Stages stages;
  auto router = make_router(stages, 0);
  EventBatch batch = make_batch();
  for (auto _ : state) benchmark::DoNotOptimize(router->emit(kRootScope, "app.web.access", batch));
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(batch.size()));
  state.counters["record_bytes"] = double(batch.size()) / kBatch;
}
BENCHMARK(BM_NoopFilterIntoNull);

// The same with 200 tags in rotation and 20 non-matching <match> sections
// ahead: what a busy config costs once the route cache is warm.
void BM_ManyTagsAndRules(benchmark::State& state) {
  Stages stages;
  auto router = make_router(stages, 20);
  EventBatch batch = make_batch();
  std::vector<std::string> tags;
  for (int i = 0; i < 200; ++i) tags.push_back("app.service" + std::to_string(i) + ".access");
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(router->emit(kRootScope, tags[i], batch));
    i = (i + 1) % tags.size();
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
}
BENCHMARK(BM_ManyTagsAndRules);

// Per-batch overhead alone: batches of one record.
void BM_SingleRecordBatches(benchmark::State& state) {
  Stages stages;
  auto router = make_router(stages, 0);
  EventBatch full = make_batch();
  EventBatch single(std::string(full.view().substr(0, next_event_size(full.view()))), 1);
  for (auto _ : state) benchmark::DoNotOptimize(router->emit(kRootScope, "app.web", single));
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_SingleRecordBatches);

// Uncached matching cost of typical patterns (route cache misses only).
void BM_PatternMatch(benchmark::State& state) {
  std::string error;
  auto p = TagPattern::compile("app.**.access {web,api}.* /^sys\\.[a-z]+$/", error);
  const char* tags[] = {"app.x.y.access", "api.v1", "sys.kernel", "nothing.here"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p->match(tags[i]));
    i = (i + 1) & 3;
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_PatternMatch);

}  // namespace

BENCHMARK_MAIN();
