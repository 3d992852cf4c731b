#pragma once
// Ruby's String#scrub(replacement) for UTF-8: each maximal ill-formed
// subsequence (a stray byte, or the valid start of a sequence cut short)
// becomes one replacement. filter_parser's replace_invalid_sequence uses it
// with "?".
#include <string>
#include <string_view>

namespace ferry::parser_filter {

// True when s needed no change; otherwise out holds the scrubbed text.
bool scrub_utf8(std::string_view s, std::string_view replacement, std::string& out);

}  // namespace ferry::parser_filter
