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
#include "ferry/params.hpp"

namespace ferry::exec {

// in_exec's own <parse> defaults (config_section :parse in in_exec.rb):
// @type tsv comes as the default type; the time is not taken from the
// record by the parser unless asked, and a record without one gets none.
inline constexpr const char* kParseDefaults =
    "time_key\ntime_type float\nestimate_current_event false\n";

// The flat rows read_legacy_params() reads; each plugin appends them to its
// own rows with ferry::join_rows (in_exec adds its <extract> ones).
inline constexpr ferry_param kLegacyParseRows[] = {
    Param("format", FERRY_PARAM_STRING)
        .describe("Legacy: <parse> @type (a /regexp/ means @type regexp)"),
    Param("keys", FERRY_PARAM_ARRAY).describe("Legacy: <parse> keys"),
    Param("types", FERRY_PARAM_STRING).describe("Legacy: <parse> types (k:type,k2:type)"),
    Param("types_delimiter", FERRY_PARAM_STRING).def(",").describe("Legacy: between types pairs"),
    Param("types_label_delimiter", FERRY_PARAM_STRING)
        .def(":")
        .describe("Legacy: between a types key and its type"),
    Param("time_key", FERRY_PARAM_STRING)
        .describe("Legacy: <parse> (in_exec: and <extract>) time_key"),
    Param("time_format", FERRY_PARAM_STRING)
        .describe("Legacy: <parse> (in_exec: and <extract>) time_format"),
    Param("localtime", FERRY_PARAM_BOOL)
        .describe("Legacy: <parse> (in_exec: and <extract>) localtime"),
    Param("utc", FERRY_PARAM_BOOL).describe("Legacy: <parse> (in_exec: and <extract>) utc"),
    Param("delimiter", FERRY_PARAM_STRING).describe("Legacy: <parse> delimiter"),
    Param("keep_time_key", FERRY_PARAM_BOOL).describe("Legacy: <parse> keep_time_key"),
    Param("null_empty_string", FERRY_PARAM_BOOL).describe("Legacy: <parse> null_empty_string"),
    Param("null_value_pattern", FERRY_PARAM_STRING).describe("Legacy: <parse> null_value_pattern"),
    Param("message_key", FERRY_PARAM_STRING).describe("Legacy: <parse> message_key"),
    Param("label_delimiter", FERRY_PARAM_STRING).describe("Legacy: <parse> label_delimiter"),
    Param("json_parser", FERRY_PARAM_STRING).describe("Legacy: <parse> json_parser"),
};

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
