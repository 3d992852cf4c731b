// Psych's typing of plain YAML scalars, as Fluentd's YAML loader sees them.
#include "config/yaml_scalar.hpp"

#include <gtest/gtest.h>

namespace ferry::config {
namespace {

using T = YamlScalar::Type;

void expect(const char* in, T type, const char* text, bool noted = false) {
  YamlScalar s = resolve_plain_scalar(in);
  EXPECT_EQ(s.type, type) << in;
  EXPECT_EQ(s.text, text) << in;
  EXPECT_EQ(!s.note.empty(), noted) << in << ": " << s.note;
}

TEST(YamlScalar, NullsAndBools) {
  expect("", T::Null, "");
  expect("~", T::Null, "");
  expect("null", T::Null, "");
  expect("NULL", T::Null, "");
  expect("true", T::Bool, "true");
  expect("True", T::Bool, "true", true);
  expect("on", T::Bool, "true", true);
  expect("OFF", T::Bool, "false", true);
  expect("no", T::Bool, "false", true);
  expect("false", T::Bool, "false");
  expect("y", T::String, "y");  // not a YAML 1.1 bool in Psych
  expect("nulls", T::String, "nulls");
}

TEST(YamlScalar, Integers) {
  expect("42", T::Integer, "42");
  expect("+42", T::Integer, "42");
  expect("-0", T::Integer, "0");
  expect("1_000", T::Integer, "1000");
  expect("1,000", T::Integer, "1000", true);
  expect("0x1F", T::Integer, "31");
  expect("0b101", T::Integer, "5");
  expect("0755", T::Integer, "493", true);
  expect("09", T::String, "09");  // not octal, not decimal: text
  expect("123456789012345678901234567890", T::Integer, "123456789012345678901234567890");
}

TEST(YamlScalar, Floats) {
  expect("1.5", T::Float, "1.5");
  expect("1.50", T::Float, "1.5");
  expect("1.", T::Float, "1.0");
  expect(".5", T::Float, "0.5");
  expect("1.0e+20", T::Float, "1.0e+20");
  expect("1.5e3", T::String, "1.5e3");  // Psych's FLOAT wants a signed exponent
  expect(".inf", T::Float, "Infinity");
  expect("-.inf", T::Float, "-Infinity");
  expect(".NaN", T::Float, "NaN");
  expect(".", T::String, ".");
}

TEST(YamlScalar, BaseSixtyAsPsychComputesIt) {
  expect("1:30", T::Integer, "5400", true);  // 1*60^2 + 30*60^1
  expect("1:30:00", T::Integer, "5400", true);
}

TEST(YamlScalar, TextStaysText) {
  expect("app.**", T::String, "app.**");
  expect("127.0.0.1", T::String, "127.0.0.1");
  expect("1.2.3", T::String, "1.2.3");
  expect("${tag}", T::String, "${tag}");
  expect("@OUT", T::String, "@OUT");
  expect("10s", T::String, "10s");
  expect("2023-13-01", T::String, "2023-13-01");
  expect("2001-12-14 21:59:43", T::String, "2001-12-14 21:59:43");
  expect(":sym", T::String, "sym", true);
}

}  // namespace
}  // namespace ferry::config
