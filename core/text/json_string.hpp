#pragma once
#include <string>
#include <string_view>

namespace ferry::text {

// Appends s as a quoted JSON string the way Ruby's JSON.generate and Oj
// write it: `"` `\` and \b \t \n \f \r as two-character escapes, other
// control characters as \u00xx (lower-case hex); '/', DEL and every byte
// >= 0x80 as they are (invalid UTF-8 included: callers that must refuse it
// check is_valid_utf8 first).
void append_json_string(std::string& out, std::string_view s);

}  // namespace ferry::text
