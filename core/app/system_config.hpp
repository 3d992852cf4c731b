#pragma once
#include <optional>
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "ferry/abi.h"
#include "telemetry/log.hpp"

namespace ferry::app {

// The <system> directive (Fluentd lib/fluent/system_config.rb), after
// validation. Every Fluentd parameter is in the table: the ones Ferry
// honours are here, the rest are refused with "not supported yet".
struct SystemSettings {
  std::optional<log::Level> log_level;  // unset: info (or the CLI's -v/-q)
  std::string root_dir;
  bool suppress_config_dump = false;
  bool without_source = false;
  std::string process_name;
  std::optional<unsigned> umask;
  // <log>
  std::string log_path;
  bool log_json = false;
  std::string log_time_format;  // empty: Fluentd's default
};

// The parameter table of <system> (also used by `ferry plugins describe
// system`-style docs later).
const ferry_param_table& system_param_table();

// Validates the root's <system> (at most one) into settings. Problems go to
// diag with file:line.
SystemSettings read_system(const config::Element& root, const config::LoadOptions& opts,
                           config::Diagnostics& diag);

// Sets the process name (prctl PR_SET_NAME; ps shows the first 15 bytes).
void apply_process_name(const std::string& name);

}  // namespace ferry::app
