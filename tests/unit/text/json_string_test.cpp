#include "text/json_string.hpp"

#include <gtest/gtest.h>

namespace ferry::text {
namespace {

std::string json_quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// What JSON.generate and Oj write (the config writers, log JSON lines and
// the json formatter all use this one function).
TEST(JsonString, EscapesLikeRubyJson) {
  EXPECT_EQ(json_quoted("plain"), "\"plain\"");
  EXPECT_EQ(json_quoted("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(json_quoted("\b\t\n\f\r"), "\"\\b\\t\\n\\f\\r\"");
  EXPECT_EQ(json_quoted(std::string("\x00\x01\x0b\x1f\x7f", 5)),
            "\"\\u0000\\u0001\\u000b\\u001f\x7f\"");
  EXPECT_EQ(json_quoted("caf\xC3\xA9 \xFF"), "\"caf\xC3\xA9 \xFF\"");  // bytes >= 0x80 as they are
}

}  // namespace
}  // namespace ferry::text
