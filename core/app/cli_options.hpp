#pragma once
#include <optional>
#include <string>
#include <vector>

#include "telemetry/log.hpp"

namespace ferry::app {

// What `ferry` was asked to do, with Fluentd's flags and meanings
// (lib/fluent/command/fluentd.rb; fluentd-compat.md §14.1).
struct CliOptions {
  enum class Command { Run, DryRun, Version, Help, Setup, PluginsList, PluginsDescribe };
  Command command = Command::Run;

  std::string config_path;               // -c; default FLUENT_CONF, else kDefaultConfigPath
  std::vector<std::string> plugin_dirs;  // -p, repeatable
  std::string log_path;                  // -o; empty or "-": stdout
  // -v/-q relative to info: -1 debug, -2 trace, +1 warn, +2 error. Applied
  // over <system> log_level only when a flag was given (as Fluentd does).
  std::optional<log::Level> cli_log_level;
  std::vector<std::string> inline_configs;  // -i, newline escapes expanded
  bool strict = false;                      // --strict: unknown params are errors
  bool suppress_config_dump = false;
  bool without_source = false;             // --without-source
  std::string config_file_type = "guess";  // --config-file-type yaml|guess
  std::string daemon_pid_file;             // -d/--daemon PIDFILE
  std::string user, group;                 // --user/--group
  std::optional<unsigned> umask;           // --umask (octal)
  std::string setup_dir;                   // -s/--setup [DIR]

  // `ferry plugins describe NAME [--kind K] [--json]`
  std::string describe_name;
  std::string describe_kind;  // input|filter|output, or empty
  bool json = false;
  bool markdown = false;  // plugins describe --markdown: the generated docs page
};

constexpr const char* kDefaultConfigPath = "/etc/ferry/ferry.conf";
constexpr const char* kDefaultSetupDir = "/etc/ferry";

// Parses argv. On error returns nullopt and sets `error` to a message that
// names the flag (the caller prints it with a pointer to --help).
std::optional<CliOptions> parse_cli(const std::vector<std::string>& args, std::string& error);

std::string usage_text();

}  // namespace ferry::app
