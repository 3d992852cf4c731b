#pragma once
// Fluentd's compat_parameters_parser (in_exec, filter_parser): the flat
// v0.12 parameters (`format json`, `keys a,b`, `time_key t`...) stand for a
// <parse> section when none is written. Ferry hands the core parser its
// defaults as config text ("name value" per line, a bare name meaning nil),
// so the conversion is text in, text out, and testable on its own.
// (Shared by two plugins; a candidate for core/parse.)
#include <optional>
#include <string>
#include <vector>

#include "ferry/host.hpp"

namespace ferry::exec {

// in_exec's own <parse> defaults (config_section :parse in in_exec.rb):
// @type tsv comes as the default type; the time is not taken from the
// record by the parser unless asked, and a record without one gets none.
inline constexpr const char* kParseDefaults =
    "time_key\ntime_type float\nestimate_current_event false\n";

// The flat parameters as written (nullopt: not written).
struct LegacyParams {
  std::optional<std::string> format;  // "json", "tsv", "/regexp/"...
  std::optional<std::vector<std::string>> keys;
  std::optional<std::string> types;  // "k:integer,k2:float"
  std::string types_delimiter = ",";
  std::string types_label_delimiter = ":";
  std::optional<std::string> time_key;
  std::optional<std::string> time_format;
  std::optional<bool> localtime;
  std::optional<bool> utc;
  std::optional<std::string> delimiter;
  std::optional<bool> keep_time_key;
  std::optional<bool> null_empty_string;
  std::optional<std::string> null_value_pattern;
  std::optional<std::string> message_key;
  std::optional<std::string> label_delimiter;
  std::optional<std::string> json_parser;

  // True when any of them stands for a <parse> section.
  bool any() const;
};

// Reads the flat parameters from a plugin's validated config (both plugins
// declare the same rows).
LegacyParams read_legacy_params(const ferry::Config& cfg);

// The parser defaults: the plugin's own `base` defaults (kParseDefaults for
// in_exec), then the flat parameters converted as compat_parameters_parser
// converts them. nullopt and *error for Fluentd's ConfigError (both
// localtime and utc) and for values the defaults text cannot carry.
std::optional<std::string> parse_defaults_from(const LegacyParams& legacy, const char* base,
                                               std::string* error);

}  // namespace ferry::exec
