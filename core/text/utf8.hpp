#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::text {

// UTF-8 as Ruby's String#valid_encoding? sees it: no overlong forms, no
// surrogates, nothing past U+10FFFF, no truncated or stray bytes.

// Decodes the character at s[i]: its byte length (1-4) and code point, or 0
// when the bytes there are not well-formed UTF-8. i < s.size().
size_t utf8_decode(std::string_view s, size_t i, uint32_t& cp);

// True when all of s is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// Appends cp encoded as UTF-8 (JSON \u escapes; a lone surrogate is encoded
// as it is, as Ruby's JSON parser does).
void append_utf8(std::string& out, uint32_t cp);

}  // namespace ferry::text
