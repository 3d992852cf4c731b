#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

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
// (<format>, <buffer>, <inject>, <parse>), keyed by section name. They are
// offered at the directive level only and may appear once each; read them
// with config_section(cfg, "buffer", 0). A nullptr table means "accepted,
// validated by the caller" (e.g. copy's <store>, checked against the child
// plugin's own table).
//
// `flat` adds core-owned parameters at the directive's own level (Fluentd's
// legacy flat forms: buffer_type, flush_interval, include_tag_key...). Their
// rows join the plugin's table unless the plugin has a row of that name;
// read them with config_* on the directive's config like any other row.
struct CoreSections : std::map<std::string, const ferry_param_table*> {
  std::vector<const ferry_param_table*> flat;
};

// Validates a plugin directive (<source>/<filter>/<match>/<store>...) or a
// nested section against its parameter table: types, enums, ranges,
// required, defaults, UNSUPPORTED rows (error "not supported yet"), unknown
// keys (warning like Fluentd, error with opts.strict), reserved @-keys,
// nested sections (MULTI, HAS_ARG, ANY_KEYS). Returns the typed values, or
// nullptr when there were errors (all reported to diag).
//
// Rules, as Fluentd (lib/fluent/config/section.rb, v1_parser.rb, engine.rb):
// - Rows are read by table.row_size stride; a shorter (older) row reads as
//   zeros in the newer fields.
// - A nil value ("#{use_nil}", or bool text like "on") is an error "'x'
//   parameter is required but nil is specified" unless the row has no
//   default and is not REQUIRED. "#{use_default}" takes the default.
// - @type/@id/@label/@log_level are accepted in plugin elements (tables
//   without FERRY_TABLE_PLAIN_SECTION); legacy type/id/log_level warn.
//   Other @-keys: error in source/match/filter/system, warning elsewhere.
// - Unknown keys and sections: Fluentd's "is not used" warnings.
ConfigPtr validate_params(const Element& element, const ferry_param_table& table,
                          const CoreSections& core_sections, const LoadOptions& opts,
                          Diagnostics& diag);

// Fills the config_* members of the host API table. A name not in the
// config's table reads as 0 / NULL (ANY_KEYS sections fall back to their raw
// entries); see params_api.cpp for the exact lookup rules.
void fill_config_api(ferry_host_api& api);

}  // namespace ferry::config
