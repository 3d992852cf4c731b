// String#inspect, as Ruby 3.1 prints it (`p value`).
#include "text/ruby_inspect.hpp"

#include <gtest/gtest.h>

namespace ferry::text {
namespace {

std::string inspect_binary(std::string_view s) {
  std::string out;
  append_ruby_string_inspect(out, s, /*binary=*/true);
  return out;
}

// Moved from tests/unit/router/ruby_inspect_test.cpp.
TEST(RubyStringInspect, Strings) {
  EXPECT_EQ(ruby_string_inspect(std::string_view("app.log")), "\"app.log\"");
  EXPECT_EQ(ruby_string_inspect(std::string_view("x\"y#{z}\x01\x1b\\")),
            "\"x\\\"y\\#{z}\\u0001\\e\\\\\"");
  EXPECT_EQ(ruby_string_inspect(std::string_view("a#b\n\t")), "\"a#b\\n\\t\"");
  EXPECT_EQ(ruby_string_inspect(std::string_view("\xc3\xa9\xff")), "\"\xc3\xa9\\xFF\"");
}

// Moved from tests/unit/telemetry/log_test.cpp (log::inspect).
TEST(RubyStringInspect, LogValues) {
  EXPECT_EQ(ruby_string_inspect("app.log"), "\"app.log\"");
  EXPECT_EQ(ruby_string_inspect("a\"b\\c\n\t"), "\"a\\\"b\\\\c\\n\\t\"");
  EXPECT_EQ(ruby_string_inspect("#{x} #y"), "\"\\#{x} #y\"");
  EXPECT_EQ(ruby_string_inspect(std::string("\x01\x1b", 2)), "\"\\u0001\\e\"");
}

TEST(RubyStringInspect, EveryShortEscapeAndInterpolationStart) {
  EXPECT_EQ(ruby_string_inspect("\r\f\v\b\a"), "\"\\r\\f\\v\\b\\a\"");
  EXPECT_EQ(ruby_string_inspect("#$x #@y #"), "\"\\#$x \\#@y #\"");
}

// `ruby -e 'p "\x7f", "\u0080", "\xc0\x80", "\xed\xa0\x80"'`: DEL and C1
// controls as \u, overlong forms and surrogates are not UTF-8 (\x per byte).
TEST(RubyStringInspect, NonPrintableAndMalformed) {
  EXPECT_EQ(ruby_string_inspect("\x7f"), "\"\\u007F\"");
  EXPECT_EQ(ruby_string_inspect("\xc2\x80"), "\"\\u0080\"");
  EXPECT_EQ(ruby_string_inspect("\xc0\x80"), "\"\\xC0\\x80\"");
  EXPECT_EQ(ruby_string_inspect("\xed\xa0\x80"), "\"\\xED\\xA0\\x80\"");
  EXPECT_EQ(ruby_string_inspect("\xc2\xa0\xf0\x9f\x98\x80"), "\"\xc2\xa0\xf0\x9f\x98\x80\"");
}

// `p "\x01\x7f\xc3\xa9".b`: an ASCII-8BIT string shows every such byte as \x.
TEST(RubyStringInspect, BinaryStrings) {
  EXPECT_EQ(inspect_binary("\x01\x7f\xc3\xa9\n"), "\"\\x01\\x7F\\xC3\\xA9\\n\"");
}

}  // namespace
}  // namespace ferry::text
