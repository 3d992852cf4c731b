#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::format {

// Which Ruby JSON generator to reproduce byte for byte.
enum class JsonStyle {
  // Oj.dump in :compat mode: Fluentd's json formatter (json_parser oj, the
  // default) and so out_stdout. Floats per append_oj_float; NaN/Infinity as
  // words; string bytes passed through unchanged (invalid UTF-8 included).
  kOj,
  // JSON.generate (the json gem): the out_file formatter and json_parser
  // json/yajl. Floats per Float#to_s; NaN/Infinity and invalid UTF-8 are
  // errors (JSON::GeneratorError in Fluentd).
  kRubyJson,
};

// Appends the JSON text of the MessagePack value at p and advances p past
// it. Compact, keys in record order, non-ASCII kept as UTF-8, `/` not
// escaped; `"` `\` and control characters escaped (\b \t \n \f \r, others
// \u00XX). Integers (uint64 included) print as integers, bin as a string,
// EventTime (ext 0) as its integer seconds (EventTime#to_json), other ext
// types as null (Fluentd cannot decode them at all). Non-string map keys
// print as their Ruby to_s in quotes, as Oj does.
// Returns false and sets *error on malformed MessagePack, nesting deeper than
// kMaxDepth, or a value the style refuses.
bool append_json(std::string& out, const uint8_t*& p, const uint8_t* end, JsonStyle style,
                 std::string* error);

}  // namespace ferry::format
