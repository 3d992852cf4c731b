#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ferry/abi.h"
#include "format/injector.hpp"

namespace ferry::format {

// What the directive asks to inject, read through the host API's config_*
// functions. From its <inject> section when there is one; else, as
// Fluentd's compat_parameters_inject converts them, from the legacy flat
// rows (include_tag_key, include_time_key, time_as_epoch, ...); else
// nothing (nullopt with an empty *error). A Fluentd ConfigError: nullopt
// and *error. `hostname` is the machine's name for hostname_key without
// hostname. `notes` receives Fluentd's configure-time log lines
// (level, text).
struct InjectNote {
  ferry_log_level level;
  std::string text;
};
std::optional<InjectOptions> read_inject_options(const ferry_host_api& api,
                                                 const ferry_config* directive,
                                                 const std::string& hostname, std::string* error,
                                                 std::vector<InjectNote>* notes);

}  // namespace ferry::format
