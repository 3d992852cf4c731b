#pragma once
#include <string>

namespace ferry::text {

// The two ways Fluentd prints a Float. They differ on purpose: Ruby's own
// Float#to_s is used by the config (JSON literal values, YAML), String(x)
// in templates and #inspect in logs; Oj, which Fluentd's json formatter and
// out_stdout use, prints whole numbers its own way.

// Ruby's Float#to_s (= #inspect): the shortest digits that read back to the
// same double, laid out like numeric.c flo_to_s: "1.5", "100.0",
// "0.0001"; exponent form "d.ddde+XX" below 1e-4 and once the integer part
// has more than 15 digits, unless the value has a fraction that fixed
// notation shows ("1.0e+15", "1234567890123456.5", "1.0e+16", "1.0e-05");
// "-0.0"; "NaN", "Infinity", "-Infinity".
void append_ruby_float(std::string& out, double d);
std::string ruby_float_to_s(double d);

// Oj.dump in :compat mode, ext/oj/dump_compat.c dump_float: 0.0 and -0.0
// print "0.0"; a value equal to its int64 truncation prints with "%.1f"
// (1e16 -> "10000000000000000.0"); NaN/Infinity/-Infinity as those words
// (compat mode forces nan :word); everything else as Float#to_s.
void append_oj_float(std::string& out, double d);

}  // namespace ferry::text
