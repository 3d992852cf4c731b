#include "app/engine.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <cstring>

#include "app/diagnostics_log.hpp"
#include "router/route_analysis.hpp"
#include "runtime/signals.hpp"
#include "telemetry/log.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::app {
namespace {

void info(const std::string& m) {
  log::write(log::Level::Info, m, nullptr, /*worker=*/false);
}
void error(const std::string& m) {
  log::write(log::Level::Error, m, nullptr, false);
}
void worker_info(const std::string& m) {
  log::write(log::Level::Info, m, nullptr, true);
}

config::LoadOptions load_options(const CliOptions& cli) {
  config::LoadOptions o;
  o.strict = cli.strict;
  // Ferry is Fluentd's worker 0: "#{worker_id}" in the config reads "0".
  o.worker_id = "0";
  return o;
}

}  // namespace

Engine::Engine(const CliOptions& cli)
    : cli_(cli), registry_(host::SearchPath::standard(cli.plugin_dirs)), runtime_(kRuntimeThreads) {
  source_.path = cli.config_path;
  source_.force_yaml = cli.config_file_type == "yaml";
  source_.inline_configs = cli.inline_configs;
}

Engine::~Engine() {
  pipeline_.reset();
  runtime_.stop();
  runtime_.join();
}

void Engine::apply_log_settings(const SystemSettings& system) {
  // The command line wins over <system> (Fluentd overwrites the system
  // config with the flags that were given).
  log::set_level(cli_.cli_log_level ? *cli_.cli_log_level
                                    : system.log_level.value_or(log::Level::Info));
  log::set_json(system.log_json);
  log::set_time_format(system.log_time_format);
  if (cli_.log_path.empty() && !system.log_path.empty() && !log::set_output(system.log_path)) {
    error("cannot open the <system><log> path " + system.log_path + ": " + std::strerror(errno));
  }
}

Engine::Loaded Engine::load_and_build(bool dry_run, bool apply_log) {
  Loaded out;
  config::Diagnostics diag;
  config::LoadOptions opts = load_options(cli_);
  LoadedConfig cfg = load_config(source_, opts, diag);
  if (!cfg.parsed) {
    log_diagnostics(diag);
    return out;
  }
  opts.structure_checked = true;  // load_config ran check_structure on it
  out.system = read_system(cfg.root, opts, diag);
  // At start the <system> log settings apply before anything else is
  // logged; a reload applies them only once the new config is accepted.
  if (apply_log) apply_log_settings(out.system);
  info("parsing config file is succeeded path=" + text::ruby_string_inspect(source_.path));

  PipelineOptions popts;
  popts.load = opts;
  popts.without_source = cli_.without_source || out.system.without_source;
  popts.root_dir = out.system.root_dir;
  auto pipeline = Pipeline::build(std::move(cfg.root), registry_, runtime_, popts, diag);
  log_diagnostics(diag);

  if (dry_run) {
    // Route warnings are useful even when plugins failed: routing depends
    // only on the config's structure. The report itself is printed only for
    // a valid config, so that error lines stay the last thing a failing dry
    // run prints (as in Fluentd, whose error lines tools read).
    router::RouteAnalysis analysis =
        router::analyze_routes(pipeline->routes(), pipeline->source_routes());
    const bool print_report = !diag.has_errors() && pipeline->ok();
    std::string report = "Route report:\n";
    for (const auto& line : analysis.routes) report += "  " + line + "\n";
    report += "Route table:\n";
    std::string table = pipeline->routes().describe();
    for (size_t pos = 0; pos < table.size();) {
      size_t nl = table.find('\n', pos);
      if (nl == std::string::npos) nl = table.size();
      report += "  " + table.substr(pos, nl - pos) + "\n";
      pos = nl + 1;
    }
    if (print_report) log::write_raw(report);
    config::Diagnostics warnings;
    for (const auto& w : analysis.warnings) warnings.warning(w.where, w.message, w.text);
    log_diagnostics(warnings);
  }
  // Every error is logged above, one line each with its place, as Fluentd
  // logs them: no summary line to tell apart from them.
  if (diag.has_errors() || !pipeline->ok()) return out;
  out.pipeline = std::move(pipeline);
  return out;
}

int Engine::dry_run() {
  info("starting dry run mode");
  Loaded l = load_and_build(/*dry_run=*/true, /*apply_log=*/true);
  if (!l.pipeline) return 1;
  l.pipeline.reset();
  info("finished dry run mode");
  return 0;
}

int Engine::run(Daemon* daemon) {
  // Signals are caught from here on and handled once the control loop
  // runs: a SIGTERM right after the "now running" line must still stop
  // gracefully, not kill the process.
  boost::asio::io_context control;
  runtime::SignalWatcher signals(control, [&](runtime::SignalAction action, int) {
    switch (action) {
      case runtime::SignalAction::Stop:
        control.stop();
        break;
      case runtime::SignalAction::Reload:
        reload();
        break;
      case runtime::SignalAction::Flush:
        flush();
        break;
    }
  });
  Loaded l = load_and_build(/*dry_run=*/false, /*apply_log=*/true);
  auto fail = [&](int code) {
    if (daemon) daemon->failed(code);
    return code;
  };
  if (!l.pipeline) return fail(1);
  if (!cli_.umask && l.system.umask) ::umask(mode_t(*l.system.umask));
  apply_process_name(l.system.process_name);
  if (!cli_.suppress_config_dump && !l.system.suppress_config_dump) {
    info("using configuration file: " + source_.path);
  }

  runtime_.start();
  worker_info("starting ferry worker pid=" + std::to_string(::getpid()) +
              " ppid=" + std::to_string(::getppid()) + " worker=0");
  pipeline_ = std::move(l.pipeline);
  std::string err;
  if (!pipeline_->start(err)) {
    error("cannot start the pipeline: " + err);
    pipeline_.reset();
    return fail(1);
  }
  worker_info("ferry worker is now running worker=0");
  if (daemon) daemon->ready();

  control.run();
  signals.cancel();

  info("Received graceful stop");
  worker_info("ferry worker is now stopping worker=0");
  pipeline_.reset();  // inputs, filters, then outputs finish what they hold
  runtime_.stop();
  runtime_.join();
  worker_info("ferry worker is now stopped worker=0");
  log::flush();
  return 0;
}

void Engine::reload() {
  info("Reloading new config");
  // The next pipeline is built complete, next to the running one; only a
  // config that builds replaces it.
  Loaded next = load_and_build(/*dry_run=*/false, /*apply_log=*/false);
  if (!next.pipeline) {
    error(
        "reload failed: the new configuration has errors (above); keeping the running "
        "pipeline");
    return;
  }
  std::optional<config::Element> previous_root;
  std::string previous_root_dir;
  if (pipeline_) {
    previous_root = pipeline_->root();
    previous_root_dir = pipeline_->root_dir();
  }
  pipeline_.reset();
  apply_log_settings(next.system);
  pipeline_ = std::move(next.pipeline);
  std::string err;
  if (pipeline_->start(err)) {
    worker_info("ferry worker is now running worker=0");
    return;
  }
  pipeline_.reset();
  if (!previous_root) {
    error("reload failed: the new pipeline did not start: " + err);
    return;
  }
  error("reload failed: the new pipeline did not start: " + err +
        "; restarting the previous configuration");
  config::Diagnostics diag;
  PipelineOptions popts;
  popts.load = load_options(cli_);
  popts.load.structure_checked = true;  // it passed check_structure when it was loaded
  popts.without_source = cli_.without_source;
  popts.root_dir = previous_root_dir;
  pipeline_ = Pipeline::build(std::move(*previous_root), registry_, runtime_, popts, diag);
  if (!pipeline_->ok() || !pipeline_->start(err)) {
    log_diagnostics(diag);
    error("the previous configuration did not start again either: " + err +
          "; running without a pipeline until the next reload");
    pipeline_.reset();
  }
}

void Engine::flush() {
  if (pipeline_) pipeline_->flush();
  if (!log::reopen()) error(std::string("cannot reopen the log file: ") + std::strerror(errno));
}

}  // namespace ferry::app
