// Float#to_s and Oj's float text. Moved here from
// tests/unit/format/ruby_float_test.cpp, tests/unit/router/ruby_inspect_test.cpp
// (Float#inspect) and tests/unit/config/v1_json_test.cpp (ruby_float_to_s),
// which tested the three copies this replaces.
#include "text/ruby_float.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ferry::text {
namespace {

std::string oj(double d) {
  std::string s;
  append_oj_float(s, d);
  return s;
}
std::string ruby(double d) {
  std::string s;
  append_ruby_float(s, d);
  return s;
}

// Values and texts from the recorded compat cases (exec_json_single,
// seed_kafka_metrics_fixed) and the compat README.
TEST(OjFloat, MatchesRecordedFluentdOutput) {
  EXPECT_EQ(oj(1.5e3), "1500.0");
  EXPECT_EQ(oj(0.25), "0.25");
  EXPECT_EQ(oj(1.5), "1.5");
  EXPECT_EQ(oj(0.012), "0.012");
  EXPECT_EQ(oj(0.0), "0.0");
  // The input text 1.4986931223498862 is the same double; Ruby prints the
  // shortest round-trip form, which ends in 3.
  EXPECT_EQ(oj(1.4986931223498862), "1.4986931223498863");
  EXPECT_EQ(oj(1.5011274353282456), "1.5011274353282456");
  EXPECT_EQ(oj(2.2e-5), "2.2e-05");
  EXPECT_EQ(oj(1e16), "10000000000000000.0");
  EXPECT_EQ(oj(1e-5), "1.0e-05");
}

TEST(OjFloat, IntegralValuesUsePercentOneF) {
  EXPECT_EQ(oj(-7.0), "-7.0");
  EXPECT_EQ(oj(1e18), "1000000000000000000.0");
  EXPECT_EQ(oj(-9223372036854775808.0), "-9223372036854775808.0");
  // 2^63 and beyond do not fit long long: Float#to_s.
  EXPECT_EQ(oj(9223372036854775808.0), "9.223372036854776e+18");
  EXPECT_EQ(oj(1e19), "1.0e+19");
  EXPECT_EQ(oj(-0.0), "0.0");
}

TEST(OjFloat, NonFiniteAsWords) {
  EXPECT_EQ(oj(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(oj(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(oj(-std::numeric_limits<double>::infinity()), "-Infinity");
}

// From format's test. Two expectations there said 1e15 prints
// "1000000000000000.0" and 9007199254740993.0 "9007199254740992.0"; Ruby
// prints the exponent form for both (ruby 3.1.2: `p 1e15` => 1.0e+15,
// `p 9007199254740993.0` => 9.007199254740992e+15), as the router's copy
// had it: those two lines now say what Ruby says.
TEST(RubyFloat, ToS) {
  EXPECT_EQ(ruby(1e16), "1.0e+16");
  EXPECT_EQ(ruby(1e15), "1.0e+15");
  EXPECT_EQ(ruby(9007199254740993.0), "9.007199254740992e+15");
  EXPECT_EQ(ruby(0.0001), "0.0001");
  EXPECT_EQ(ruby(0.00012), "0.00012");
  EXPECT_EQ(ruby(1e-5), "1.0e-05");
  EXPECT_EQ(ruby(-1.25e-7), "-1.25e-07");
  EXPECT_EQ(ruby(1.2345e300), "1.2345e+300");
  EXPECT_EQ(ruby(5e-324), "5.0e-324");
  EXPECT_EQ(ruby(123456.789), "123456.789");
  EXPECT_EQ(ruby(-0.0), "-0.0");
  EXPECT_EQ(ruby(100.0), "100.0");
  EXPECT_EQ(ruby(0.1), "0.1");
  EXPECT_EQ(ruby(double(0.1f)), "0.10000000149011612");
}

// From the router's Float#inspect test ("Expected values printed by Ruby 3.1").
TEST(RubyFloat, Inspect) {
  EXPECT_EQ(ruby_float_to_s(1e14), "100000000000000.0");
  EXPECT_EQ(ruby_float_to_s(1e15), "1.0e+15");
  EXPECT_EQ(ruby_float_to_s(1e16), "1.0e+16");
  EXPECT_EQ(ruby_float_to_s(123456789012345.0), "123456789012345.0");
  EXPECT_EQ(ruby_float_to_s(1234567890123456.0), "1.234567890123456e+15");
  EXPECT_EQ(ruby_float_to_s(0.0001), "0.0001");
  EXPECT_EQ(ruby_float_to_s(0.00012345), "0.00012345");
  EXPECT_EQ(ruby_float_to_s(0.00001), "1.0e-05");
  EXPECT_EQ(ruby_float_to_s(1.5e-7), "1.5e-07");
  EXPECT_EQ(ruby_float_to_s(123456789.123), "123456789.123");
  EXPECT_EQ(ruby_float_to_s(2.5e20), "2.5e+20");
  EXPECT_EQ(ruby_float_to_s(-0.0), "-0.0");
  EXPECT_EQ(ruby_float_to_s(12.0), "12.0");
  EXPECT_EQ(ruby_float_to_s(-1.5), "-1.5");
}

// From the config's JSON literal test; its 1e15 line said
// "1000000000000000.0", but JSON.dump([1e15]) is "[1.0e+15]" in Ruby 3.1.
TEST(RubyFloat, AsJsonDumpWritesThem) {
  EXPECT_EQ(ruby_float_to_s(1e16), "1.0e+16");
  EXPECT_EQ(ruby_float_to_s(1e15), "1.0e+15");
  EXPECT_EQ(ruby_float_to_s(0.0001), "0.0001");
  EXPECT_EQ(ruby_float_to_s(2.5e-7), "2.5e-07");
  EXPECT_EQ(ruby_float_to_s(-123.456), "-123.456");
  EXPECT_EQ(ruby_float_to_s(0.1), "0.1");
}

// Where the three old copies disagreed with Ruby: 16 integer digits print in
// fixed notation only when a fraction shows (ruby 3.1.2 `p`).
TEST(RubyFloat, SixteenIntegerDigits) {
  EXPECT_EQ(ruby_float_to_s(1234567890123456.5), "1234567890123456.5");
  EXPECT_EQ(ruby_float_to_s(1000000000000000.2), "1000000000000000.2");
  EXPECT_EQ(ruby_float_to_s(4503599627370495.5), "4503599627370495.5");
  EXPECT_EQ(ruby_float_to_s(2.5e15), "2.5e+15");
  EXPECT_EQ(ruby_float_to_s(999999999999999.9), "999999999999999.9");
}

}  // namespace
}  // namespace ferry::text
