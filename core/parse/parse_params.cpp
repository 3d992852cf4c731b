#include "parse/parse_params.hpp"

#include "ferry/params.hpp"

namespace ferry::parse {
namespace {

constexpr const char* kTimeTypes[] = {"string", "unixtime", "float", "mixed", nullptr};
constexpr const char* kExtractTimeTypes[] = {"float", "unixtime", "string", nullptr};
constexpr const char* kJsonParsers[] = {"oj", "yajl", "json", nullptr};
constexpr const char* kMessageFormats[] = {"rfc3164", "rfc5424", "auto", nullptr};

constexpr ferry_param kParseRows[] = {
    Param("@type", FERRY_PARAM_STRING)
        .describe("Parser: json, msgpack, ltsv, csv, tsv, regexp, none, syslog, apache2, nginx, "
                  "apache, apache_error (default: the plugin's)"),
    Param("types", FERRY_PARAM_HASH)
        .describe("Value conversions: key:integer, key:float, key:bool, key:string, "
                  "key:time[:[TZ:]FORMAT|:unixtime|:float], key:array[:DELIM]"),
    Param("time_key", FERRY_PARAM_STRING)
        .describe("Field holding the event time (json, ltsv, regexp, nginx: time; others: none)"),
    Param("time_type", FERRY_PARAM_ENUM)
        .one_of(kTimeTypes)
        .describe("How time_key is read: string (time_format), unixtime, float, mixed "
                  "(default string; json: float; string when time_format is given)"),
    Param("time_format", FERRY_PARAM_STRING)
        .describe("strptime format (%N/%L sub-seconds, %z zone) or %iso8601; unset: Ruby's "
                  "Time.parse"),
    Param("time_format_fallbacks", FERRY_PARAM_ARRAY)
        .def("[]")
        .describe("time_type mixed: formats tried after time_format (unixtime, float or strptime)"),
    Param("localtime", FERRY_PARAM_BOOL).def("true").describe("Read zone-less times as local time"),
    Param("utc", FERRY_PARAM_BOOL).def("false").describe("Read zone-less times as UTC"),
    Param("timezone", FERRY_PARAM_STRING)
        .describe("Zone of zone-less times: +09:00, +0900, +09 or Region/Zone"),
    Param("keep_time_key", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Keep the time field in the record"),
    Param("null_value_pattern", FERRY_PARAM_REGEXP)
        .describe("String values matching this regexp (anywhere) become null"),
    Param("null_empty_string", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Empty string values become null"),
    Param("estimate_current_event", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Use the current time when the input has no time"),
    Param("timeout", FERRY_PARAM_TIME)
        .describe("Accepted; Ferry always bounds regexp backtracking instead of timing a parse "
                  "(a line over the bound fails with 'parsing timed out')"),
    Param("json_parser", FERRY_PARAM_ENUM)
        .def("oj")
        .one_of(kJsonParsers)
        .describe("json: accepted for compatibility; Ferry always uses simdjson"),
    Param("stream_buffer_size", FERRY_PARAM_INTEGER)
        .def("8192")
        .describe("json: accepted for compatibility (Yajl's stream buffer)"),
    Param("delimiter", FERRY_PARAM_STRING)
        .describe("ltsv, tsv: between fields (a tab); csv: between columns (a comma)"),
    Param("delimiter_pattern", FERRY_PARAM_REGEXP)
        .describe("ltsv: a regexp between fields (instead of delimiter)"),
    Param("label_delimiter", FERRY_PARAM_STRING).def(":").describe("ltsv: between label and value"),
    Param("keys", FERRY_PARAM_ARRAY).describe("csv, tsv (required): the field names in order"),
    Param("parser_engine", FERRY_PARAM_STRING)
        .alias("parser_type")
        .describe("csv: normal or fast; syslog: regexp or string"),
    Param("expression", FERRY_PARAM_REGEXP)
        .describe("regexp (required): /pattern/flags with named groups (?<name>...)"),
    Param("ignorecase", FERRY_PARAM_BOOL)
        .def("false")
        .deprecated()
        .describe("regexp: use /pattern/i instead"),
    Param("multiline", FERRY_PARAM_BOOL)
        .def("false")
        .deprecated()
        .describe("regexp: use /pattern/m instead"),
    Param("message_key", FERRY_PARAM_STRING)
        .def("message")
        .describe("none: the field holding the line"),
    Param("with_priority", FERRY_PARAM_BOOL)
        .def("false")
        .describe("syslog: lines start with <PRI>"),
    Param("message_format", FERRY_PARAM_ENUM)
        .def("rfc3164")
        .one_of(kMessageFormats)
        .describe("syslog: rfc3164, rfc5424 or auto"),
    Param("rfc5424_time_format", FERRY_PARAM_STRING)
        .def("%Y-%m-%dT%H:%M:%S.%L%z")
        .describe("syslog: time format of RFC 5424 lines"),
    Param("support_colonless_ident", FERRY_PARAM_BOOL)
        .def("true")
        .describe("syslog (string engine): an ident may lack its colon"),
};

constexpr ferry_param kExtractRows[] = {
    Param("tag_key", FERRY_PARAM_STRING).describe("Field whose value becomes the event tag"),
    Param("keep_tag_key", FERRY_PARAM_BOOL).def("false").describe("Keep the tag field"),
    Param("time_key", FERRY_PARAM_STRING).describe("Field whose value becomes the event time"),
    Param("keep_time_key", FERRY_PARAM_BOOL).def("false").describe("Keep the time field"),
    Param("time_type", FERRY_PARAM_ENUM)
        .def("float")
        .one_of(kExtractTimeTypes)
        .describe("How time_key is read: float, unixtime or string (time_format)"),
    Param("time_format", FERRY_PARAM_STRING).describe("strptime format for time_type string"),
    Param("localtime", FERRY_PARAM_BOOL).def("true").describe("Read zone-less times as local"),
    Param("utc", FERRY_PARAM_BOOL).def("false").describe("Read zone-less times as UTC"),
    Param("timezone", FERRY_PARAM_STRING).describe("Zone of zone-less times"),
    Param("time_format_fallbacks", FERRY_PARAM_ARRAY)
        .def("[]")
        .describe("Accepted for compatibility; <extract> does not use it"),
};

constexpr ferry_param_table kParseTable = table(kParseRows);
constexpr ferry_param_table kExtractTable = table(kExtractRows);

}  // namespace

const ferry_param_table& parse_section_table() {
  return kParseTable;
}
const ferry_param_table& extract_section_table() {
  return kExtractTable;
}

}  // namespace ferry::parse
