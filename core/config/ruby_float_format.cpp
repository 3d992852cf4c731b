#include "config/ruby_float_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ferry::config {

std::string ruby_float_to_s(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";

  // Shortest round-trip digits, as "d.ddde+XX".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string out;
  size_t i = 0;
  if (sci[0] == '-') {
    out += '-';
    i = 1;
  }
  size_t e = sci.find('e');
  std::string digits;
  for (size_t k = i; k < e; ++k)
    if (sci[k] != '.') digits += sci[k];
  int exponent = std::atoi(sci.c_str() + e + 1);
  int decpt = exponent + 1;  // digits are 0.DIGITS x 10^decpt

  if (value == 0) {
    out += "0.0";
  } else if (decpt > 0 && decpt <= 16) {
    if (static_cast<int>(digits.size()) <= decpt) {
      out += digits + std::string(decpt - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, decpt) + '.' + digits.substr(decpt);
    }
  } else if (decpt <= 0 && decpt > -4) {
    out += "0." + std::string(-decpt, '0') + digits;
  } else {
    out += digits.substr(0, 1) + '.' + (digits.size() > 1 ? digits.substr(1) : "0");
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  }
  return out;
}

}  // namespace ferry::config
