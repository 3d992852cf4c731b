// End-to-end routing cost through real plugins: batches of 1,000 ~250-byte
// records emitted into a pipeline built from config text, through the
// loaded filter_record_transformer.so and out_null.so via the host's C ABI
// adapters (not fakes). Reports items_per_second = records/s on one thread.
//   NoopFilter:   record_transformer with nothing to do (returns UNCHANGED)
//   TwoKeys:      record_transformer adding 2 keys (rewrites every record)
#include <benchmark/benchmark.h>
#include <msgpack.h>

#include <stdexcept>
#include <string>

#include "app/pipeline.hpp"
#include "bench_batch.hpp"
#include "config/loader.hpp"
#include "event/event_time.hpp"
#include "host/plugin_search.hpp"

namespace {

using namespace ferry;

using bench::kBatch;
using bench::make_batch;

void run_pipeline(benchmark::State& state, const std::string& filter_body) {
  const std::string text = "<filter bench.**>\n  @type record_transformer\n" + filter_body +
                           "</filter>\n<match bench.**>\n  @type null\n</match>\n";
  config::LoadOptions opts;
  config::Diagnostics diag;
  config::Element root = config::load_config_text(text, "bench.conf", ".", opts, diag);
  host::PluginRegistry registry(host::SearchPath::standard({FERRY_BENCH_PLUGIN_DIR}));
  runtime::Runtime runtime(1);
  app::PipelineOptions popts;
  auto pipeline = app::Pipeline::build(std::move(root), registry, runtime, popts, diag);
  std::string error;
  if (diag.has_errors() || !pipeline || !pipeline->ok() || !pipeline->start(error)) {
    std::string all = error;
    for (const auto& d : diag.items()) all += "\n" + config::Diagnostics::format(d);
    state.SkipWithError(("pipeline did not build: " + all).c_str());
    return;
  }
  runtime.start();
  const EventBatch batch = make_batch();
  router::Router& router = *pipeline->router();
  for (auto _ : state) {
    ferry_status st = router.emit(router::kRootScope, "bench.app", batch);
    benchmark::DoNotOptimize(st);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(batch.size()));
  pipeline->stop();
  runtime.stop();
  runtime.join();
}

void NoopFilter(benchmark::State& state) {
  run_pipeline(state, "");
}
void TwoKeys(benchmark::State& state) {
  run_pipeline(state, "  <record>\n    hostname web-01\n    topic ${tag}\n  </record>\n");
}

BENCHMARK(NoopFilter)->UseRealTime();
BENCHMARK(TwoKeys)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
