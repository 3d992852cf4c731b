#include "utf8_scrub.hpp"

#include <cstdint>

#include "text/utf8.hpp"

namespace ferry::parser_filter {
namespace {

bool in(uint8_t c, uint8_t lo, uint8_t hi) {
  return c >= lo && c <= hi;
}

// Length of the ill-formed subsequence at s[i] (which does not decode):
// the lead byte plus the continuation bytes that were still acceptable.
size_t ill_formed_length(std::string_view s, size_t i) {
  uint8_t b = uint8_t(s[i]);
  size_t need;
  uint8_t lo = 0x80, hi = 0xBF;  // acceptable range of the second byte
  if (in(b, 0xC2, 0xDF)) {
    need = 1;
  } else if (in(b, 0xE0, 0xEF)) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (in(b, 0xF0, 0xF4)) {
    need = 3;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  size_t n = 1;
  for (size_t k = 0; k < need && i + n < s.size(); ++k) {
    uint8_t c = uint8_t(s[i + n]);
    if (k == 0 ? !in(c, lo, hi) : !in(c, 0x80, 0xBF)) break;
    ++n;
  }
  return n;
}

}  // namespace

bool scrub_utf8(std::string_view s, std::string_view replacement, std::string& out) {
  if (text::is_valid_utf8(s)) return true;
  out.clear();
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp;
    size_t n = text::utf8_decode(s, i, cp);
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append(replacement);
      i += ill_formed_length(s, i);
    }
  }
  return false;
}

}  // namespace ferry::parser_filter
