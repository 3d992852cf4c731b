#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ferry/abi.h"
#include "parse/parser.hpp"

namespace ferry::parse {

// Reads a validated <parse> section (NULL: none written) through the host
// API's config_* functions. `default_type` is the @type when none is
// written; `defaults` holds the plugin's own defaults in config text, one
// "name value" per line, a bare name meaning nil (Fluentd's
// config_set_default in a plugin's config_section :parse), e.g. in_exec's
// "@type tsv\ntime_key\ntime_type float\nestimate_current_event false".
// Applies Fluentd's rules: localtime vs utc, time_format given => time_type
// string, mixed needs formats. nullopt and *error on a Fluentd ConfigError.
// `unused` receives the parameters written but not used by the parser.
std::optional<ParseOptions> read_parse_options(const ferry_host_api& api,
                                               const ferry_config* section,
                                               const char* default_type, const char* defaults,
                                               std::string* error,
                                               std::vector<std::string>* unused);

}  // namespace ferry::parse
