#include "text/ruby_float.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ferry::text {
namespace {

// Float::DIG: up to this many integer digits print in fixed notation.
constexpr int kFixedIntegerDigits = 15;

}  // namespace

void append_ruby_float(std::string& out, double d) {
  if (std::isnan(d)) return void(out.append("NaN"));
  if (std::isinf(d)) return void(out.append(d < 0 ? "-Infinity" : "Infinity"));
  if (std::signbit(d)) {
    out.push_back('-');
    d = -d;
  }
  if (d == 0) return void(out.append("0.0"));
  // Shortest round-trip digits, as Ruby's dtoa mode 0 gives them:
  // buf holds D[.DDDD]e±XX.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  char digits[32];
  int ndigits = 0;
  const char* p = buf;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[ndigits++] = *p;
  }
  int exp10 = 0;
  const bool neg_exp = p + 1 < res.ptr && p[1] == '-';
  for (const char* q = p + 2; q < res.ptr; ++q) exp10 = exp10 * 10 + (*q - '0');
  if (neg_exp) exp10 = -exp10;
  const int decpt = exp10 + 1;  // value = 0.DIGITS * 10^decpt
  if (decpt > 0 && (decpt < ndigits || decpt <= kFixedIntegerDigits)) {
    if (ndigits <= decpt) {
      out.append(digits, size_t(ndigits));
      out.append(size_t(decpt - ndigits), '0');
      out.append(".0");
    } else {
      out.append(digits, size_t(decpt));
      out.push_back('.');
      out.append(digits + decpt, size_t(ndigits - decpt));
    }
  } else if (decpt <= 0 && decpt > -4) {
    out.append("0.");
    out.append(size_t(-decpt), '0');
    out.append(digits, size_t(ndigits));
  } else {
    out.push_back(digits[0]);
    out.push_back('.');
    if (ndigits > 1) {
      out.append(digits + 1, size_t(ndigits - 1));
    } else {
      out.push_back('0');
    }
    char e[8];
    int n = std::snprintf(e, sizeof e, "e%+03d", decpt - 1);
    out.append(e, size_t(n));
  }
}

std::string ruby_float_to_s(double d) {
  std::string out;
  append_ruby_float(out, d);
  return out;
}

void append_oj_float(std::string& out, double d) {
  if (d == 0) return void(out.append("0.0"));
  if (std::isnan(d) || std::isinf(d)) return append_ruby_float(out, d);
  // Oj tests d == (double)(long long)d; on x86-64 an out-of-range cast
  // yields INT64_MIN, so only [-2^63, 2^63) can take this branch.
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
    char buf[40];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 1);
    out.append(buf, size_t(res.ptr - buf));
    return;
  }
  append_ruby_float(out, d);
}

}  // namespace ferry::text
