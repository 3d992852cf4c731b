#include "text/json_string.hpp"

#include <cstdint>

namespace ferry::text {
namespace {

// 0: copy as is; 1: two-character escape; 2: \u00XX. Bytes past 0x5f are
// all 0 (zero-initialised). A table keeps long plain runs a tight loop: this
// runs for every string of every record the json formatter writes.
constexpr uint8_t kEscape[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

char short_escape(uint8_t c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\f':
      return 'f';
    default:
      return 'r';
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const char* run = p;
    while (p < end && kEscape[uint8_t(*p)] == 0) ++p;
    out.append(run, size_t(p - run));
    if (p == end) break;
    const uint8_t c = uint8_t(*p++);
    if (kEscape[c] == 1) {
      const char esc[2] = {'\\', short_escape(c)};
      out.append(esc, 2);
    } else {
      const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out.append(esc, 6);
    }
  }
  out.push_back('"');
}

}  // namespace ferry::text
