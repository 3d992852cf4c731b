#pragma once
#include <string>

namespace ferry::config {

// Ruby's Float#to_s: the shortest text that reads back to the same double,
// "1.0" rather than "1", and exponent form ("1.0e+16", "1.0e-05") outside
// 1e-4 <= |x| < 1e16. Fluentd re-serialises JSON literal values this way.
// NaN and infinities print as Ruby does ("NaN", "Infinity", "-Infinity").
std::string ruby_float_to_s(double value);

}  // namespace ferry::config
