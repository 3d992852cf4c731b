#include "format/format_params.hpp"

#include "ferry/params.hpp"

namespace ferry::format {
namespace {

constexpr const char* kNewlines[] = {"lf", "crlf", nullptr};
constexpr const char* kTimeTypes[] = {"string", "unixtime", "float", "mixed", nullptr};

constexpr ferry_param kRows[] = {
    Param("@type", FERRY_PARAM_STRING)
        .describe("Formatter: json, stdout, out_file, single_value, ltsv, csv, tsv, msgpack, "
                  "hash (default: the plugin's)"),
    Param("newline", FERRY_PARAM_ENUM)
        .def("lf")
        .one_of(kNewlines)
        .describe("Line ending of json, out_file, single_value, ltsv, tsv, hash"),
    Param("json_parser", FERRY_PARAM_STRING)
        .def("oj")
        .describe("json: oj prints like Oj.dump; any other value like JSON.generate"),
    Param("add_newline", FERRY_PARAM_BOOL)
        .def("true")
        .describe("json, single_value, ltsv, csv, tsv, hash: end each record with a newline"),
    Param("output_type", FERRY_PARAM_STRING)
        .def("json")
        .describe("stdout: the formatter used after \"<time> <tag>: \""),
    Param("output_time", FERRY_PARAM_BOOL).def("true").describe("out_file: print the time"),
    Param("output_tag", FERRY_PARAM_BOOL).def("true").describe("out_file: print the tag"),
    Param("delimiter", FERRY_PARAM_STRING)
        .describe("out_file: TAB (default), SPACE or COMMA; csv: ',' (\\t or TAB for a tab); "
                  "ltsv, tsv: a tab"),
    Param("time_type", FERRY_PARAM_ENUM)
        .def("string")
        .one_of(kTimeTypes)
        .describe("out_file time: string (time_format), unixtime or float"),
    Param("time_format", FERRY_PARAM_STRING)
        .describe("strftime format with %L/%N sub-seconds; out_file default: ISO 8601"),
    Param("localtime", FERRY_PARAM_BOOL).def("true").describe("Format times in local time"),
    Param("utc", FERRY_PARAM_BOOL).def("false").describe("Format times in UTC"),
    Param("timezone", FERRY_PARAM_STRING)
        .describe("Zone for times: +09:00, +0900, +09 or Region/Zone"),
    Param("time_format_fallbacks", FERRY_PARAM_ARRAY)
        .def("[]")
        .describe("Accepted for time_type mixed; formatters use only time_format"),
    Param("message_key", FERRY_PARAM_STRING)
        .def("message")
        .describe("single_value: the key whose value is written"),
    Param("label_delimiter", FERRY_PARAM_STRING).def(":").describe("ltsv: between label and value"),
    Param("replacement", FERRY_PARAM_STRING)
        .def(" ")
        .describe("ltsv: replaces the delimiter inside values"),
    Param("force_quotes", FERRY_PARAM_BOOL).def("true").describe("csv: quote every field"),
    Param("fields", FERRY_PARAM_ARRAY)
        .describe("csv (required): the fields, record accessors ($.a.b) allowed"),
    Param("keys", FERRY_PARAM_ARRAY).describe("tsv (required): the keys to print"),
};

constexpr ferry_param_table kTable = table(kRows);

}  // namespace

const ferry_param_table& format_section_table() {
  return kTable;
}

}  // namespace ferry::format
