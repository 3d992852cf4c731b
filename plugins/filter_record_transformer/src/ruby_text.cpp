#include "ruby_text.hpp"

#include <cstdlib>

#include "format/time_zone.hpp"

namespace ferry::record_transformer {
namespace {

format::CivilTime civil_of(const TimeValue& t) {
  static const format::TimeZone kLocal = format::TimeZone::local();
  static const format::TimeZone kUtc = format::TimeZone::utc();
  format::CivilTime c = (t.utc ? kUtc : kLocal).civil(t.sec);
  c.utc = t.utc;
  return c;
}

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Copies the digits at s[i] into out, dropping single underscores that sit
// between two digits (Ruby's numeric literal rule). Returns digits copied.
size_t take_digits(std::string_view s, size_t& i, std::string& out) {
  size_t n = 0;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      out += s[i++];
      ++n;
    } else if (s[i] == '_' && n > 0 && i + 1 < s.size() && is_digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return n;
}

}  // namespace

void append_strftime(std::string& out, const format::Strftime& f, const TimeValue& t) {
  f.append(out, civil_of(t), t.nsec);
}

void append_time_to_s(std::string& out, const TimeValue& t) {
  static const format::Strftime kLocal("%Y-%m-%d %H:%M:%S %z");
  static const format::Strftime kUtc("%Y-%m-%d %H:%M:%S UTC");
  append_strftime(out, t.utc ? kUtc : kLocal, t);
}

void append_time_iso8601(std::string& out, const TimeValue& t, int digits) {
  static const format::Strftime kBase("%Y-%m-%dT%H:%M:%S");
  static const format::Strftime kZone("%:z");
  append_strftime(out, kBase, t);
  if (digits > 0) {
    // Truncated, never rounded; zeros past nanoseconds.
    const std::string ns = std::to_string(1000000000u + t.nsec).substr(1);
    out += '.';
    for (int k = 0; k < digits; ++k) out += k < 9 ? ns[size_t(k)] : '0';
  }
  if (t.utc)
    out += 'Z';
  else
    append_strftime(out, kZone, t);
}

double ruby_string_to_f(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  std::string num;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) num += s[i++];
  size_t digits = take_digits(s, i, num);
  if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
    num += s[i++];
    digits += take_digits(s, i, num);
  }
  if (digits == 0) return 0.0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    std::string exp = "e";
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) exp += s[j++];
    if (take_digits(s, j, exp) > 0) num += exp;
  }
  return std::strtod(num.c_str(), nullptr);
}

std::optional<int64_t> ruby_string_to_i(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  take_digits(s, i, digits);
  if (digits.empty()) return 0;
  int64_t v = 0;
  const char* first = digits.data();
  // Parse as negative so INT64_MIN fits.
  for (const char* c = first; c != first + digits.size(); ++c) {
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, *c - '0', &v))
      return std::nullopt;
  }
  if (negative) return v;
  if (v == INT64_MIN) return std::nullopt;
  return -v;
}

}  // namespace ferry::record_transformer
