#include "parse/text_cut.hpp"

#include <cstdio>

#include "text/utf8.hpp"

namespace ferry::parse {

std::string quote_for_message(std::string_view text) {
  std::string out = "'";
  size_t i = 0;
  while (i < text.size() && i < kQuotedTextLimit) {
    uint32_t cp = 0;
    size_t n = ferry::text::utf8_decode(text, i, cp);
    uint8_t c = uint8_t(text[i]);
    if (n > 1) {
      if (i + n > kQuotedTextLimit) break;
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    if (n == 1 && c >= 0x20 && c != 0x7f && c != '\\' && c != '\'') {
      out.push_back(char(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\' || c == '\'') {
      out.push_back('\\');
      out.push_back(char(c));
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
    ++i;
  }
  out.push_back('\'');
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace ferry::parse
