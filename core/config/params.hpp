#pragma once
#include <map>
#include <memory>
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "ferry/abi.h"

// The C struct handed to plugins is this validated config.
struct ferry_config;

namespace ferry::config {

// Releases a ferry_config (ferry_config is opaque outside params.cpp).
struct ConfigDeleter {
  void operator()(ferry_config* c) const;
};
using ConfigPtr = std::unique_ptr<ferry_config, ConfigDeleter>;

// Tables of core-owned sections a plugin may accept by capability
// (<format>, <buffer>, <inject>, <parse>), keyed by section name.
using CoreSections = std::map<std::string, const ferry_param_table*>;

// Validates a plugin directive (<source>/<filter>/<match>/<store>...) or a
// nested section against its parameter table: types, enums, ranges,
// required, defaults, UNSUPPORTED rows (error "not supported yet"), unknown
// keys (warning like Fluentd, error with opts.strict), reserved @-keys,
// nested sections (MULTI, HAS_ARG, ANY_KEYS). Returns the typed values, or
// nullptr when there were errors (all reported to diag).
ConfigPtr validate_params(const Element& element,
                                              const ferry_param_table& table,
                                              const CoreSections& core_sections,
                                              const LoadOptions& opts, Diagnostics& diag);

// Fills the config_* members of the host API table.
void fill_config_api(ferry_host_api& api);

}  // namespace ferry::config
