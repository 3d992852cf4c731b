#pragma once
#include <memory>
#include <optional>
#include <string>

#include "app/cli_options.hpp"
#include "app/config_source.hpp"
#include "app/daemon.hpp"
#include "app/pipeline.hpp"
#include "app/system_config.hpp"
#include "host/plugin_registry.hpp"
#include "runtime/runtime.hpp"

namespace ferry::app {

// The running process: loads the config, builds and runs the pipeline on a
// small thread pool, and answers signals on the control (main) thread.
class Engine {
 public:
  explicit Engine(const CliOptions& cli);
  ~Engine();

  // Runs until SIGTERM/SIGINT. Exit status: 0 after a graceful stop, 1 when
  // the config or the start failed. `daemon` (when -d) is told when the
  // pipeline runs or failed.
  int run(Daemon* daemon);

  // --dry-run: load, validate every plugin and parameter, print the route
  // report. 0 when there is no error.
  int dry_run();

 private:
  struct Loaded {
    std::unique_ptr<Pipeline> pipeline;  // null on errors
    SystemSettings system;
  };
  // Reads the config and builds a complete pipeline (not started). All
  // problems are logged; nullptr pipeline on errors.
  Loaded load_and_build(bool dry_run, bool apply_log);
  void apply_log_settings(const SystemSettings& system);
  void reload();
  void flush();

  CliOptions cli_;
  ConfigSource source_;
  host::PluginRegistry registry_;
  runtime::Runtime runtime_;
  std::unique_ptr<Pipeline> pipeline_;
};

// Threads of the runtime pool (Fluentd runs one Ruby thread per plugin; a
// couple of event loops serve every plugin here).
constexpr unsigned kRuntimeThreads = 2;

}  // namespace ferry::app
