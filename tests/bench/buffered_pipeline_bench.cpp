// Cost of output buffering through a whole pipeline, one mode per process
// (so peak RSS is that mode's): batches of 1,000 ~250-byte records
// (bench_batch.hpp) are emitted on one thread for SECONDS into a pipeline
// built from config text: the real record_transformer.so adding two keys
// (pipeline_bench's TwoKeys: routing that touches every record;
// --no-filter leaves it out), then the real out_null.so:
//   unbuffered  <match> @type null
//   memory      the same with <buffer> @type memory (8 MiB chunks, 1 s flush)
//   file        <buffer> @type file in DIR (8 MiB chunks: out_null's own
//               default is Fluentd's 10k; default fsync policy),
//               flush_at_shutdown true
// then the pipeline is stopped, which flushes what is buffered, so the CPU
// seconds include writing and flushing every record. A batch the buffer
// refuses (FERRY_RETRY: full) is offered again after 100 µs; it is counted
// once, when taken. Prints records/s, MB/s of event data, CPU seconds
// (process: every thread), CPU ns per record and peak RSS.
// (buffer_bench measures Buffer::write alone, without plugins.)
//
//   buffered_pipeline_bench [--no-filter] unbuffered|memory|file [SECONDS=5] [DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "app/pipeline.hpp"
#include "bench_batch.hpp"
#include "config/loader.hpp"
#include "host/plugin_search.hpp"

namespace {

using namespace ferry;
using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

std::string config_for(const std::string& mode, const std::string& dir, bool filter) {
  std::string text;
  if (filter)
    text +=
        "<filter bench.**>\n  @type record_transformer\n  <record>\n    hostname web-01\n"
        "    topic ${tag}\n  </record>\n</filter>\n";
  text += "<match bench.**>\n  @type null\n";
  if (mode == "memory") {
    text +=
        "  <buffer>\n    @type memory\n    chunk_limit_size 8m\n    total_limit_size 1g\n"
        "    flush_mode interval\n    flush_interval 1s\n  </buffer>\n";
  } else if (mode == "file") {
    text += "  <buffer>\n    @type file\n    path " + dir +
            "\n    chunk_limit_size 8m\n    flush_mode interval\n    flush_interval 1s\n"
            "    total_limit_size 4g\n    flush_at_shutdown true\n  </buffer>\n";
  }
  return text + "</match>\n";
}

}  // namespace

int main(int argc, char** argv) {
  bool filter = true;
  if (argc > 1 && std::string(argv[1]) == "--no-filter") {
    filter = false;
    --argc;
    ++argv;
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s [--no-filter] unbuffered|memory|file [SECONDS] [DIR]\n",
                 argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  if (mode != "unbuffered" && mode != "memory" && mode != "file") {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  const double seconds = argc > 2 ? std::stod(argv[2]) : 5.0;
  std::string dir = argc > 3 ? argv[3] : "";
  bool own_dir = false;
  if (mode == "file" && dir.empty()) {
    dir = (std::filesystem::temp_directory_path() /
           ("ferry-buffer-bench-" + std::to_string(::getpid())))
              .string();
    own_dir = true;
  }

  config::LoadOptions opts;
  config::Diagnostics diag;
  config::Element root =
      config::load_config_text(config_for(mode, dir, filter), "bench.conf", ".", opts, diag);
  host::PluginRegistry registry(host::SearchPath::standard({FERRY_BENCH_PLUGIN_DIR}));
  runtime::Runtime runtime(1);
  app::PipelineOptions popts;
  auto pipeline = app::Pipeline::build(std::move(root), registry, runtime, popts, diag);
  std::string error;
  if (diag.has_errors() || !pipeline || !pipeline->ok() || !pipeline->start(error)) {
    for (const auto& d : diag.items()) error += "\n" + config::Diagnostics::format(d);
    std::fprintf(stderr, "FAILED: the pipeline did not build: %s\n", error.c_str());
    return 1;
  }
  runtime.start();

  const EventBatch batch = bench::make_batch();
  router::Router& router = *pipeline->router();
  uint64_t batches = 0, refused = 0;
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  const auto until = t0 + std::chrono::duration<double>(seconds);
  while (Clock::now() < until) {
    for (int i = 0; i < 16; ++i) {
      ferry_status st = router.emit(router::kRootScope, "bench.app", batch);
      if (st == FERRY_OK) {
        ++batches;
      } else if (st == FERRY_RETRY) {
        ++refused;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      } else {
        std::fprintf(stderr, "FAILED: emit answered %d\n", int(st));
        return 1;
      }
    }
  }
  const double ingest_wall = std::chrono::duration<double>(Clock::now() - t0).count();
  pipeline->stop();  // flushes the buffer (flush_at_shutdown)
  const double total_wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu = cpu_seconds() - cpu0;
  runtime.stop();
  runtime.join();
  pipeline.reset();

  size_t left = 0;
  if (mode == "file") {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      left += e.path().extension() == ".log";
    if (own_dir) std::filesystem::remove_all(dir, ec);
  }
  const double records = double(batches) * bench::kBatch;
  const double mb = double(batches) * double(batch.size()) / 1e6;
  std::printf(
      "mode=%s filter=%s records=%.0f ingest_seconds=%.2f total_seconds=%.2f "
      "records_per_s=%.0f event_MB_per_s=%.1f end_to_end_MB_per_s=%.1f cpu_seconds=%.2f "
      "cpu_ns_per_record=%.1f peak_rss_kib=%ld refused_batches=%llu chunk_files_left=%zu\n",
      mode.c_str(), filter ? "record_transformer" : "none", records, ingest_wall, total_wall,
      records / ingest_wall, mb / ingest_wall, mb / total_wall, cpu, cpu * 1e9 / records,
      peak_rss_kib(), (unsigned long long)refused, left);
  return 0;
}
