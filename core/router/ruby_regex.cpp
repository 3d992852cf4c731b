#include "router/ruby_regex.hpp"

namespace ferry::router {
namespace {

bool is_option_letter(char c) {
  return c == 'i' || c == 'm' || c == 'x' || c == '-';
}

}  // namespace

std::optional<std::string> ruby_regex_to_pcre2(std::string_view in, std::string& error) {
  std::string out;
  out.reserve(in.size() + 8);
  int class_depth = 0;  // inside [...] (Ruby allows nested classes)
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      char e = in[i + 1];
      ++i;
      if (e == 'h') {
        out += class_depth ? "0-9a-fA-F" : "[0-9a-fA-F]";
      } else if (e == 'H') {
        if (class_depth) {
          error = "\\H inside a character class is not supported (write the hex digits out)";
          return std::nullopt;
        }
        out += "[^0-9a-fA-F]";
      } else {
        out += '\\';
        out += e;
      }
      continue;
    }
    if (c == '[') {
      // A ']' right after '[' or '[^' is a literal member, not the end.
      ++class_depth;
      out += c;
      if (i + 1 < in.size() && in[i + 1] == '^') out += in[++i];
      if (i + 1 < in.size() && in[i + 1] == ']') out += in[++i];
      continue;
    }
    if (c == ']' && class_depth) {
      --class_depth;
      out += c;
      continue;
    }
    if (!class_depth && c == '(' && i + 1 < in.size() && in[i + 1] == '?') {
      // Option group (?imx-imx) or (?imx-imx:...): Ruby's m is PCRE2's s.
      size_t j = i + 2;
      while (j < in.size() && is_option_letter(in[j])) ++j;
      if (j > i + 2 && j < in.size() && (in[j] == ')' || in[j] == ':')) {
        out += "(?";
        for (size_t k = i + 2; k < j; ++k) out += in[k] == 'm' ? 's' : in[k];
        i = j - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace ferry::router
