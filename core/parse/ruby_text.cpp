#include "parse/ruby_text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace ferry::parse {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// Copies the digits at s[i..] into out, skipping single underscores that
// sit between two digits (Ruby's numeric literal rule); returns the index
// past the last digit taken.
size_t take_digits(std::string_view s, size_t i, std::string& out) {
  while (i < s.size()) {
    if (digit(s[i])) {
      out.push_back(s[i++]);
    } else if (s[i] == '_' && !out.empty() && digit(out.back()) && i + 1 < s.size() &&
               digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && ruby_space(s[i])) ++i;
  return i;
}

}  // namespace

int64_t ruby_to_i(std::string_view s) {
  size_t i = skip_space(s, 0);
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  constexpr uint64_t kMax = uint64_t(std::numeric_limits<int64_t>::max());
  uint64_t v = 0;
  bool saturated = false;
  for (bool last_digit = false; i < s.size(); ++i) {
    char c = s[i];
    if (digit(c)) {
      if (!saturated) {
        if (v > (kMax + 1 - uint64_t(c - '0')) / 10)
          saturated = true;
        else
          v = v * 10 + uint64_t(c - '0');
      }
      last_digit = true;
    } else if (c == '_' && last_digit && i + 1 < s.size() && digit(s[i + 1])) {
      last_digit = false;
    } else {
      break;
    }
  }
  if (saturated || v > kMax + neg) {
    return neg ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return neg ? int64_t(0 - v) : int64_t(v);
}

double ruby_to_f(std::string_view s) {
  std::string text;
  size_t i = skip_space(s, 0);
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) text.push_back(s[i++]);
  size_t mantissa_start = text.size();
  i = take_digits(s, i, text);
  if (i + 1 < s.size() && s[i] == '.' && digit(s[i + 1])) {
    text.push_back('.');
    i = take_digits(s, i + 1, text);
  }
  if (text.size() == mantissa_start) return 0.0;
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    std::string exp = "e";
    if (s[j] == '+' || s[j] == '-') exp.push_back(s[j++]);
    size_t before = exp.size();
    take_digits(s, j, exp);
    if (exp.size() > before) text += exp;
  }
  return std::strtod(text.c_str(), nullptr);
}

std::optional<double> ruby_strict_float(std::string_view s) {
  size_t i = skip_space(s, 0);
  size_t end = s.size();
  while (end > i && ruby_space(s[end - 1])) --end;
  s = s.substr(i, end - i);
  if (s.empty()) return std::nullopt;
  std::string text;
  size_t j = 0;
  if (s[j] == '+' || s[j] == '-') text.push_back(s[j++]);
  // 0x hex integers are accepted by Float().
  if (s.size() > j + 2 && s[j] == '0' && (s[j + 1] == 'x' || s[j + 1] == 'X')) {
    std::string hex;
    size_t k = j + 2;
    for (; k < s.size(); ++k) {
      char c = s[k];
      if (std::isxdigit(uint8_t(c)))
        hex.push_back(c);
      else if (c == '_' && !hex.empty() && k + 1 < s.size() && std::isxdigit(uint8_t(s[k + 1])))
        continue;
      else
        return std::nullopt;
    }
    if (hex.empty()) return std::nullopt;
    double v = double(std::strtoull(hex.c_str(), nullptr, 16));
    return text == "-" ? -v : v;
  }
  size_t int_start = text.size();
  j = take_digits(s, j, text);
  bool has_int = text.size() > int_start;
  if (j < s.size() && s[j] == '.') {
    text.push_back('.');
    size_t frac_start = text.size();
    j = take_digits(s, j + 1, text);
    if (text.size() == frac_start) return std::nullopt;  // "1." is refused
  } else if (!has_int) {
    return std::nullopt;
  }
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    text.push_back('e');
    ++j;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) text.push_back(s[j++]);
    size_t before = text.size();
    j = take_digits(s, j, text);
    if (text.size() == before) return std::nullopt;
  }
  if (j != s.size()) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

void ruby_split(std::string_view s, std::string_view delimiter, int limit,
                std::vector<std::string_view>& out) {
  out.clear();
  if (s.empty()) return;
  auto room = [&] { return limit <= 0 || int(out.size()) < limit - 1; };
  if (delimiter == " ") {
    size_t i = skip_space(s, 0);
    while (i < s.size()) {
      if (!room()) {
        out.push_back(s.substr(i));
        return;
      }
      size_t j = i;
      while (j < s.size() && !ruby_space(s[j])) ++j;
      out.push_back(s.substr(i, j - i));
      // With a limit the next field starts after exactly the whitespace run.
      i = skip_space(s, j);
      if (i == s.size() && j < s.size() && limit != 0) out.emplace_back();
    }
  } else if (delimiter.empty()) {
    size_t i = 0;
    while (i < s.size()) {
      if (!room()) {
        out.push_back(s.substr(i));
        return;
      }
      size_t n = 1;
      uint8_t c = uint8_t(s[i]);
      if (c >= 0xf0)
        n = 4;
      else if (c >= 0xe0)
        n = 3;
      else if (c >= 0xc0)
        n = 2;
      n = std::min(n, s.size() - i);
      out.push_back(s.substr(i, n));
      i += n;
    }
  } else {
    size_t i = 0;
    while (true) {
      size_t at = room() ? s.find(delimiter, i) : std::string_view::npos;
      if (at == std::string_view::npos) {
        out.push_back(s.substr(i));
        break;
      }
      out.push_back(s.substr(i, at - i));
      i = at + delimiter.size();
    }
  }
  if (limit == 0) {
    while (!out.empty() && out.back().empty()) out.pop_back();
  }
}

std::string_view ruby_chomp(std::string_view s) {
  if (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  } else if (!s.empty() && s.back() == '\r') {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace ferry::parse
