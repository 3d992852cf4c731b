#include "format/inject_params.hpp"

#include "ferry/params.hpp"

namespace ferry::format {
namespace {

constexpr const char* kTimeTypes[] = {
    "float", "unixtime", "unixtime_millis", "unixtime_micros", "unixtime_nanos", "string", nullptr};

constexpr ferry_param kSectionRows[] = {
    Param("hostname_key", FERRY_PARAM_STRING).describe("Add the host name under this key"),
    Param("hostname", FERRY_PARAM_STRING)
        .describe("The host name written under hostname_key (default: the machine's)"),
    Param("worker_id_key", FERRY_PARAM_STRING)
        .describe("Add the worker id (always 0: Ferry runs one worker) under this key"),
    Param("tag_key", FERRY_PARAM_STRING).describe("Add the event's tag under this key"),
    Param("time_key", FERRY_PARAM_STRING).describe("Add the event's time under this key"),
    Param("time_type", FERRY_PARAM_ENUM)
        .def("float")
        .one_of(kTimeTypes)
        .describe("float (seconds, cut to microseconds), unixtime, unixtime_millis, "
                  "unixtime_micros, unixtime_nanos (integers) or string (time_format)"),
    Param("time_format", FERRY_PARAM_STRING)
        .describe("time_type string: strftime format with %L/%N; default ISO 8601"),
    Param("localtime", FERRY_PARAM_BOOL).def("true").describe("time_type string: local time"),
    Param("utc", FERRY_PARAM_BOOL)
        .def("false")
        .describe("time_type string: UTC (wins over localtime)"),
    Param("timezone", FERRY_PARAM_STRING)
        .describe("time_type string: +09:00, +0900, +09 or Region/Zone (wins over localtime/utc)"),
    Param("time_format_fallbacks", FERRY_PARAM_ARRAY)
        .def("[]")
        .describe("Accepted as Fluentd accepts it; <inject> uses only time_format"),
};

// No defaults: what matters is whether the user wrote them (has_key? in
// compat_parameters.rb).
constexpr ferry_param kFlatRows[] = {
    Param("include_tag_key", FERRY_PARAM_BOOL)
        .describe("Legacy <inject>: true adds the tag under tag_key (default \"tag\")"),
    Param("tag_key", FERRY_PARAM_STRING).describe("Legacy <inject>: the key of the tag"),
    Param("include_time_key", FERRY_PARAM_BOOL)
        .describe("Legacy <inject>: true adds the time under time_key (default \"time\") as a "
                  "string (ISO 8601 unless time_format)"),
    Param("time_key", FERRY_PARAM_STRING)
        .describe("Legacy <inject>: the key of the time (alone: a float time, as Fluentd)"),
    Param("time_format", FERRY_PARAM_STRING).describe("Legacy <inject>: the time's format"),
    Param("time_as_epoch", FERRY_PARAM_BOOL)
        .describe("Legacy <inject>: with another legacy inject parameter, the time as unixtime"),
    Param("localtime", FERRY_PARAM_BOOL).describe("Legacy <inject>: format the time in local time"),
    Param("utc", FERRY_PARAM_BOOL).describe("Legacy <inject>: format the time in UTC"),
    Param("timezone", FERRY_PARAM_STRING).describe("Legacy <inject>: format the time in this zone"),
};

constexpr ferry_param_table kSectionTable = table(kSectionRows, FERRY_TABLE_PLAIN_SECTION);
constexpr ferry_param_table kFlatTable = table(kFlatRows, FERRY_TABLE_PLAIN_SECTION);

}  // namespace

const ferry_param_table& inject_section_table() {
  return kSectionTable;
}

const ferry_param_table& inject_flat_table() {
  return kFlatTable;
}

}  // namespace ferry::format
