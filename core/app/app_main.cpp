#include "app/app_main.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/cli_options.hpp"
#include "app/daemon.hpp"
#include "app/engine.hpp"
#include "app/plugins_command.hpp"
#include "app/privileges.hpp"
#include "app/setup_command.hpp"
#include "runtime/signals.hpp"
#include "telemetry/log.hpp"

namespace ferry::app {

int app_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string parse_error;
  auto parsed = parse_cli(args, parse_error);
  if (!parsed) {
    std::fprintf(stderr, "ferry: %s\nRun 'ferry --help' for the options.\n", parse_error.c_str());
    return 1;
  }
  const CliOptions& cli = *parsed;

  switch (cli.command) {
    case CliOptions::Command::Help:
      std::fputs(usage_text().c_str(), stdout);
      return 0;
    case CliOptions::Command::Version:
      std::printf("ferry %s\n", FERRY_VERSION);
      return 0;
    case CliOptions::Command::Setup:
      return setup_command(cli.setup_dir);
    case CliOptions::Command::PluginsList:
      return plugins_list(cli);
    case CliOptions::Command::PluginsDescribe:
      return plugins_describe(cli);
    case CliOptions::Command::DryRun:
    case CliOptions::Command::Run:
      break;
  }

  runtime::ignore_sigpipe();
  if (cli.cli_log_level) log::set_level(*cli.cli_log_level);
  if (!cli.log_path.empty() && !log::set_output(cli.log_path)) {
    std::fprintf(stderr, "ferry: cannot open log file %s: %s\n", cli.log_path.c_str(),
                 std::strerror(errno));
    return 1;
  }
  if (cli.umask) ::umask(mode_t(*cli.umask));

  if (cli.command == CliOptions::Command::DryRun) return Engine(cli).dry_run();

  Daemon daemon;
  if (!cli.daemon_pid_file.empty()) {
    std::string error;
    if (!daemon.start(cli.daemon_pid_file, error)) {
      log::write(log::Level::Error, "cannot daemonize: " + error, nullptr, false);
      return 1;
    }
  }
  if (!cli.user.empty() || !cli.group.empty()) {
    std::string error;
    if (!drop_privileges(cli.user, cli.group, error)) {
      log::write(log::Level::Error, error, nullptr, false);
      daemon.failed(1);
      return 1;
    }
  }
  Engine engine(cli);
  return engine.run(daemon.active() ? &daemon : nullptr);
}

}  // namespace ferry::app
