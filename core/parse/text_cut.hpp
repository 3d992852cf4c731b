#pragma once
#include <string>
#include <string_view>

namespace ferry::parse {

// How much of an offending input a parse error quotes.
constexpr size_t kQuotedTextLimit = 200;

// The input as an error message shows it: single-quoted, at most
// kQuotedTextLimit bytes (cut on a character boundary, then "..." and the
// total size), control characters and invalid UTF-8 bytes as \n, \t, \xNN,
// so a log line stays one readable line whatever the input held.
std::string quote_for_message(std::string_view text);

}  // namespace ferry::parse
