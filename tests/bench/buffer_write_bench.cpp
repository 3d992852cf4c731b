// Buffer::write throughput (the Buffer alone, no plugins): a memory buffer taking 1,000-record
// batches (records/s) and a file buffer with the default fsync policy (`enqueue`: every full chunk
// is fdatasync'ed before its b -> q rename), in MB/s of event data. Full chunks are dequeued and
// committed (deleted) as they come, as a flusher keeping up would, so the buffer never overflows.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "bench_batch.hpp"
#include "buffer/buffer.hpp"

namespace ferry::bench {
namespace {

namespace fs = std::filesystem;

std::vector<buffer::MetadataSplitter::Run> one_run(const EventBatch& batch) {
  buffer::MetadataSplitter::Run run;
  run.metadata.tag = "app.access";
  run.events = batch.view();  // `batch` outlives the runs
  run.count = kBatch;
  return {std::move(run)};
}

void write_loop(benchmark::State& state, buffer::Buffer& buf, const EventBatch& batch) {
  auto runs = one_run(batch);
  std::vector<buffer::RejectedEvent> rejected;
  std::string error;
  for (auto _ : state) {
    if (buf.write("app.access", runs, rejected, &error) != buffer::WriteResult::kOk) {
      state.SkipWithError(error.c_str());
      break;
    }
    while (auto c = buf.dequeue()) buf.commit(*c);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(batch.size()));
}

void BM_MemoryBufferWrite(benchmark::State& state) {
  buffer::Buffer::Setup setup;
  setup.options.keys.tag = true;
  setup.name = "bench";
  std::string error;
  auto buf = buffer::Buffer::create(std::move(setup), &error);
  write_loop(state, *buf, make_batch());
}
BENCHMARK(BM_MemoryBufferWrite);

void BM_FileBufferWriteFsyncOnEnqueue(benchmark::State& state) {
  // On the build tree's disk, not a tmpfs.
  fs::path dir = fs::current_path() / ("buffer_bench." + std::to_string(std::random_device()()));
  {
    buffer::Buffer::Setup setup;
    setup.options.type = buffer::BufferType::kFile;
    setup.options.keys.tag = true;
    setup.options.chunk_limit_size = 256ull << 20;  // Fluentd's file default
    setup.options.total_limit_size = 64ull << 30;
    setup.options.fsync = buffer::FsyncPolicy::kOnEnqueue;
    setup.name = "bench";
    setup.location.dir = dir;
    std::string error;
    auto buf = buffer::Buffer::create(std::move(setup), &error);
    if (!buf) {
      state.SkipWithError(error.c_str());
      return;
    }
    write_loop(state, *buf, make_batch());
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_FileBufferWriteFsyncOnEnqueue)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ferry::bench

BENCHMARK_MAIN();
