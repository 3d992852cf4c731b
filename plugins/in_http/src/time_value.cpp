#include "time_value.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "format/ruby_value.hpp"
#include "text/ruby_float.hpp"

namespace ferry::in_http {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Digits with single underscores between them (Ruby numeric literals).
size_t take_digits(std::string_view s, size_t i, std::string& out) {
  size_t start = i;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      out.push_back(s[i++]);
    } else if (s[i] == '_' && i > start && i + 1 < s.size() && is_digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// EventTime.new(sec, nsec) packs both with pack('NN'): low 32 bits.
EventTime wrap(int64_t sec, int64_t nsec) {
  return EventTime{uint32_t(uint64_t(sec)), uint32_t(uint64_t(nsec))};
}

// Fluentd's NumericTimeParser#parse_float on a value's to_s.
EventTime split_float_text(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view sec_s = text.substr(0, dot);
  std::string nsec_s;
  if (dot != std::string_view::npos) {
    std::string_view rest = text.substr(dot + 1);
    size_t dot2 = rest.find('.');  // a second dot and what follows are dropped
    nsec_s = std::string(rest.substr(0, dot2).substr(0, 10));
  } else {
    nsec_s = "0";
  }
  if (nsec_s.size() < 9) nsec_s.append(9 - nsec_s.size(), '0');
  return wrap(ruby_to_i(sec_s), ruby_to_i(nsec_s));
}

// The low 32 bits of an integral double (Ruby's Bignum packed with 'N').
uint32_t low32(double integral) {
  double m = std::fmod(integral, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return uint32_t(m);
}

// Ruby's Time.at(Float): the exact binary value, floored to the second,
// nanoseconds truncated.
EventTime time_at_double(double d) {
  double sec = std::floor(d);
  double frac = d - sec;  // exact: both share d's binary exponent range
  int exp = 0;
  double m = std::frexp(frac, &exp);  // frac = m * 2^exp, 0.5 <= m < 1
  int64_t nsec = 0;
  if (frac > 0) {
    // m * 2^53 is an integer; nsec = floor(mant * 1e9 / 2^(53 - exp)).
    unsigned __int128 mant = (unsigned __int128)(uint64_t)std::ldexp(m, 53);
    int shift = 53 - exp;
    unsigned __int128 scaled = mant * 1000000000u;
    nsec = shift >= 128 ? 0 : int64_t(scaled >> shift);
  }
  return EventTime{low32(sec), uint32_t(nsec)};
}

}  // namespace

double ruby_to_f(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  std::string num;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) num.push_back(s[i++]);
  size_t before = num.size();
  i = take_digits(s, i, num);
  bool have_digits = num.size() > before;
  if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {  // "1.5", ".5"; not "1."
    num.push_back('.');
    i = take_digits(s, i + 1, num);
    have_digits = true;
  }
  if (!have_digits) return 0.0;
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::string exp = "e";
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) exp.push_back(s[j++]);
    size_t digits_at = exp.size();
    take_digits(s, j, exp);
    if (exp.size() > digits_at) num += exp;
  }
  return std::strtod(num.c_str(), nullptr);
}

int64_t ruby_to_i(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string digits;
  take_digits(s, i, digits);
  // Ruby has Bignums; EventTime keeps the low 32 bits anyway, so wrapping
  // arithmetic gives the same packed value.
  uint64_t v = 0;
  for (char c : digits) v = v * 10 + uint64_t(c - '0');
  return neg ? -int64_t(v) : int64_t(v);
}

bool param_time(std::string_view text, EventTime& out) {
  double f = ruby_to_f(text);
  if (f == 0.0) return false;
  std::string shown;
  text::append_ruby_float(shown, f);
  out = split_float_text(shown);
  return true;
}

bool field_time(const format::MpValue& v, TimeFieldSettings::Mode mode, EventTime& out,
                std::string* error) {
  using format::MpValue;
  using Mode = TimeFieldSettings::Mode;
  const bool is_string = v.type == MpValue::kStr || v.type == MpValue::kBin;
  const bool is_number =
      v.type == MpValue::kInt || v.type == MpValue::kUint || v.type == MpValue::kFloat;
  if (format::is_event_time(v)) {
    out = EventTime{format::event_time_sec(v), format::event_time_nsec(v)};
    return true;
  }
  if (mode == Mode::kTimeAt) {
    // Time.at(value): numbers only.
    switch (v.type) {
      case MpValue::kInt:
        out = wrap(v.i, 0);
        return true;
      case MpValue::kUint:
        out = wrap(int64_t(v.u), 0);
        return true;
      case MpValue::kFloat:
        if (std::isfinite(v.f)) {
          out = time_at_double(v.f);
          return true;
        }
        *error = "time field is not a finite number";
        return false;
      default:
        break;
    }
    const char* kind = is_string                  ? "a string (set time_type in <parse> to read it)"
                       : v.type == MpValue::kBool ? "true"
                       : v.type == MpValue::kArray ? "an array"
                       : v.type == MpValue::kMap   ? "a hash"
                                                   : "not a number";
    *error = std::string("can't convert time field into an exact number: it is ") + kind;
    return false;
  }
  if (!is_string && !is_number) {
    *error = "value must be a string or a number (time field)";
    return false;
  }
  std::string text;
  if (is_string) {
    text.assign(v.data, v.size);
  } else if (v.type == MpValue::kFloat) {
    text::append_ruby_float(text, v.f);
  } else if (v.type == MpValue::kInt) {
    text = std::to_string(v.i);
  } else {
    text = std::to_string(v.u);
  }
  if (mode == Mode::kUnixtime) {
    // value.to_i: Float#to_i truncates; String#to_i reads leading digits.
    if (v.type == MpValue::kFloat) {
      out = EventTime{std::isfinite(v.f) ? low32(std::trunc(v.f)) : 0u, 0};
    } else {
      out = wrap(ruby_to_i(text), 0);
    }
    return true;
  }
  out = split_float_text(text);
  return true;
}

}  // namespace ferry::in_http
