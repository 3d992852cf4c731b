#include "settings.hpp"

#include "ferry/error.hpp"
#include "ferry/params.hpp"
#include "legacy_params.hpp"

namespace ferry::parser_filter {
namespace {

constexpr ferry_param kRows[] = {
    Param("key_name", FERRY_PARAM_STRING)
        .required()
        .describe("The field to parse (a record accessor: `log`, `$.kubernetes.log`)"),
    Param("reserve_data", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Keep the original fields; the parsed ones are merged over them"),
    Param("reserve_time", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Keep the event's time (otherwise the parsed time, or now when the parsed "
                  "data has none)"),
    Param("remove_key_name_field", FERRY_PARAM_BOOL)
        .def("false")
        .describe("With reserve_data: drop key_name from the kept fields when parsing succeeds"),
    Param("replace_invalid_sequence", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Replace invalid UTF-8 in the value with '?' before parsing"),
    Param("inject_key_prefix", FERRY_PARAM_STRING).describe("Prefix for the parsed keys"),
    Param("hash_value_field", FERRY_PARAM_STRING)
        .describe("Put the parsed fields under this one key"),
    Param("emit_invalid_record_to_error", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Send records that fail (key missing, no match) to the error path (@ERROR)"),
};

// Then Fluentd's v0.12 flat rows, converted as compat_parameters does.
constexpr auto kAllRows = join_rows(kRows, exec::kLegacyParseRows);

}  // namespace

const ferry_param_table kParams = table(kAllRows);

Settings read_settings(const ferry::Config& cfg) {
  Settings s;
  s.key_name = *cfg.string("key_name");
  std::string error;
  auto key = format::RecordAccessor::parse(s.key_name, &error);
  if (!key) throw ConfigError(str(cfg.location("key_name"), ": ", error));
  s.key = std::move(*key);
  s.reserve_data = cfg.boolean("reserve_data").value_or(false);
  s.reserve_time = cfg.boolean("reserve_time").value_or(false);
  s.remove_key_name_field = cfg.boolean("remove_key_name_field").value_or(false);
  s.replace_invalid_sequence = cfg.boolean("replace_invalid_sequence").value_or(false);
  s.inject_key_prefix = cfg.string("inject_key_prefix");
  s.hash_value_field = cfg.string("hash_value_field");
  s.emit_invalid_record_to_error = cfg.boolean("emit_invalid_record_to_error").value_or(true);

  if (auto parse = cfg.section("parse")) {
    s.parse_section = parse->raw();
    return s;
  }
  exec::LegacyParams legacy = exec::read_legacy_params(cfg);
  if (!legacy.format) throw ConfigError(str(cfg.location(), ": <parse> section is required"));
  auto defaults = exec::parse_defaults_from(legacy, "", &error);
  if (!defaults) throw ConfigError(str(cfg.location(), ": ", error));
  s.parse_defaults = *defaults;
  return s;
}

}  // namespace ferry::parser_filter
