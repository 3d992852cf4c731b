#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ferry/abi.h"
#include "format/formatter.hpp"

namespace ferry::format {

// Reads a validated <format> section (NULL: none written) through the host
// API's config_* functions, applying Fluentd's rules for localtime/utc and
// time_type mixed. nullopt and *error on a Fluentd ConfigError. `unused`
// receives the parameters written but not used by the chosen formatter.
std::optional<FormatOptions> read_format_options(const ferry_host_api& api,
                                                 const ferry_config* section,
                                                 const char* default_type, std::string* error,
                                                 std::vector<std::string>* unused);

}  // namespace ferry::format
