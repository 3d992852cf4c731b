#include "text/ruby_inspect.hpp"

#include <cstdint>
#include <cstdio>

#include "text/utf8.hpp"

namespace ferry::text {
namespace {

const char* short_escape(uint32_t cp, std::string_view s, size_t i) {
  switch (cp) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\f':
      return "\\f";
    case '\v':
      return "\\v";
    case '\b':
      return "\\b";
    case '\a':
      return "\\a";
    case 0x1b:
      return "\\e";
    case '#': {
      // "#{", "#$", "#@" would interpolate: Ruby escapes the '#'.
      char next = i + 1 < s.size() ? s[i + 1] : '\0';
      return next == '{' || next == '$' || next == '@' ? "\\#" : nullptr;
    }
    default:
      return nullptr;
  }
}

}  // namespace

void append_ruby_string_inspect(std::string& out, std::string_view s, bool binary) {
  out.push_back('"');
  char buf[16];
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = uint8_t(s[i]);
    size_t len = binary ? 1 : utf8_decode(s, i, cp);
    if (len == 0 || (binary && cp >= 0x80)) {
      int n = std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(uint8_t(s[i])));
      out.append(buf, size_t(n));
      ++i;
      continue;
    }
    if (const char* esc = short_escape(cp, s, i)) {
      out.append(esc);
    } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      int n = binary ? std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(cp))
                     : std::snprintf(buf, sizeof buf, "\\u%04X", unsigned(cp));
      out.append(buf, size_t(n));
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  out.push_back('"');
}

std::string ruby_string_inspect(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_ruby_string_inspect(out, s);
  return out;
}

}  // namespace ferry::text
