#include "path.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ferry::json_extract {
namespace {

std::string describe(const Path& p) {
  std::string out;
  for (const PathStep& s : p.steps)
    out += s.is_index ? "[" + std::to_string(s.index) + "]" : "<" + s.key + ">";
  return out;
}

std::string error_of(std::string_view text) {
  try {
    parse_path(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PathTest, PlainTextIsOneLiteralTopLevelKey) {
  EXPECT_EQ(describe(parse_path("a.b")), "<a.b>");
  EXPECT_EQ(describe(parse_path("kafka.server:type=x")), "<kafka.server:type=x>");
  EXPECT_EQ(describe(parse_path("$")), "<$>");
}

TEST(PathTest, FluentdDotForm) {
  EXPECT_EQ(describe(parse_path("$.a")), "<a>");
  EXPECT_EQ(describe(parse_path("$.a.b.c")), "<a><b><c>");
  EXPECT_EQ(describe(parse_path("$.a[0][-1].b")), "<a>[0][-1]<b>");
}

TEST(PathTest, FluentdBracketForm) {
  EXPECT_EQ(describe(parse_path("$['a b']['c']")), "<a b><c>");
  EXPECT_EQ(describe(parse_path("$[\"x\"][0]")), "<x>[0]");
  EXPECT_EQ(describe(parse_path("$[0]")), "[0]");
}

TEST(PathTest, BracketKeysAfterDotStepsHoldDotsCommasColonsAndEquals) {
  EXPECT_EQ(describe(parse_path(
                "$.value['kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics'].Count")),
            "<value><kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics><Count>");
  EXPECT_EQ(describe(parse_path("$.v[\"a'b\"]")), "<v><a'b>");
  EXPECT_EQ(describe(parse_path("$.v['a\"]b'][2]")), "<v><a\"]b>[2]");
}

TEST(PathTest, ErrorsNameTheProblemAndThePath) {
  EXPECT_EQ(error_of("$.a b"),
            "whitespace is not allowed in a dot key (use ['...']) in path: $.a b");
  EXPECT_EQ(error_of("$.a..b"), "empty key in path: $.a..b");
  EXPECT_EQ(error_of("$."), "empty key in path: $.");
  EXPECT_EQ(error_of("$['a\"]"), "mismatched quotes in path: $['a\"]");
  EXPECT_EQ(error_of("$['a"), "incomplete bracket in path: $['a");
  EXPECT_EQ(error_of("$.a[x]"), "invalid array index 'x' in path: $.a[x]");
  EXPECT_EQ(error_of("$.a[]"), "missing array index in '[]' in path: $.a[]");
  EXPECT_EQ(error_of("$.a[1"), "'[' found but ']' not found in path: $.a[1");
  EXPECT_EQ(error_of("$['a']b"), "expected '.' or '[' at byte 6 of path: $['a']b");
  EXPECT_EQ(error_of(""), "empty path: \"\"");
}

}  // namespace
}  // namespace ferry::json_extract
