#pragma once
#include <string>

namespace ferry::format {

// Ruby's Float#to_s: shortest round-trip digits; fixed notation when the
// decimal exponent is in [-4, 16) ("1500.0", "0.0001"), else scientific with
// a signed two-digit-minimum exponent ("1.0e-05", "2.2e-05", "1.0e+16");
// "NaN", "Infinity", "-Infinity"; "-0.0".
void append_ruby_float(std::string& out, double d);

// Oj.dump in :compat mode (what Fluentd's json formatter and out_stdout use),
// ext/oj/dump_compat.c dump_float: 0.0 and -0.0 print "0.0"; a value equal
// to its int64 truncation prints with "%.1f" (1e16 -> "10000000000000000.0");
// NaN/Infinity/-Infinity print as those words (Oj.dump forces nan :word in
// compat mode); everything else is Float#to_s.
void append_oj_float(std::string& out, double d);

}  // namespace ferry::format
