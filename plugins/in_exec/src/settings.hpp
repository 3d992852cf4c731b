#pragma once
// in_exec's parameter table (Fluentd's names and defaults, the flat legacy
// parameters, Ferry's `timeout`) and the reading of a validated config.
#include <cstddef>
#include <optional>
#include <string>

#include "command_line.hpp"
#include "ferry/abi.h"
#include "ferry/host.hpp"

namespace ferry::exec {

extern const ferry_param_table kParams;

struct Settings {
  std::string command;
  CommandLine command_line;
  std::optional<std::string> tag;
  std::optional<double> run_interval;     // seconds; nullopt: run once
  bool read_with_stderr = false;          // connect_mode
  std::optional<double> command_timeout;  // after stdout closes, wait this long for the exit
  std::optional<double> timeout;          // Ferry: the longest a run may take
  size_t read_block_size = 10240;
  std::optional<std::string> encoding;  // the child's output encoding (to UTF-8)

  // What parser_new and extractor_new get: the <parse> section (nullptr:
  // none written) with in_exec's defaults (the flat parameters folded in),
  // and the <extract> section, or the <source> itself when only flat
  // parameters (tag_key, time_key...) stand for one, or nullptr.
  const ferry_config* parse_section = nullptr;
  std::string parse_defaults;
  const ferry_config* extract_section = nullptr;
};

// Reads the validated config (valid during create() only); throws
// ferry::ConfigError with the place for Fluentd's configure errors.
Settings read_settings(const ferry::Config& cfg);

}  // namespace ferry::exec
