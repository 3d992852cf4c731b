// remove_keys paths: Fluentd's record accessor parsing and delete_nest.
#include "record_accessor.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

std::string keys(const KeyPath& p) {
  std::string out;
  for (const PathStep& s : p.steps)
    out += (out.empty() ? "" : "|") + (s.is_index ? "#" + std::to_string(s.index) : s.key);
  return out;
}

std::string parse_error(std::string_view param) {
  try {
    parse_record_accessor(param);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<ok>";
}

TEST(RecordAccessorTest, PlainKeysAreLiteralTopLevelKeys) {
  EXPECT_EQ(keys(parse_record_accessor("a.b")), "a.b");
  EXPECT_FALSE(parse_record_accessor("a.b").nested());
  EXPECT_FALSE(parse_record_accessor("$.a").nested());
}

TEST(RecordAccessorTest, DotAndBracketForms) {
  EXPECT_EQ(keys(parse_record_accessor("$.a.b[0][-1]")), "a|b|#0|#-1");
  EXPECT_EQ(keys(parse_record_accessor("$['a b'][\"c\"][2]")), "a b|c|#2");
  EXPECT_EQ(keys(parse_record_accessor("$.a..b")), "a||b");  // String#split keeps inner empties
  EXPECT_EQ(keys(parse_record_accessor("$.a[")), "a");       // Fluentd accepts the dangling `[`
}

TEST(RecordAccessorTest, FluentdErrors) {
  EXPECT_EQ(parse_error("$."), "empty keys in dot notation");
  EXPECT_EQ(parse_error("$.a b"),
            "whitespace character is not allowed in dot notation. Use bracket notation: a b");
  EXPECT_EQ(parse_error("$.a[x]"), "invalid value for Integer(): \"x\"");
  EXPECT_EQ(parse_error("$.a[0]x"), "found more characters after ']'. Invalid syntax: $.a[0]x");
  EXPECT_EQ(parse_error("$['a'"), "Incomplete bracket. Invalid syntax: $['a'");
  EXPECT_EQ(parse_error("$['a\"]"), "Mismatched quotes. Invalid syntax: $['a\"]");
  EXPECT_EQ(parse_error("$[]"), "missing array index in '[]'. Invalid syntax: ]");
}

TEST(RecordAccessorTest, DeleteNested) {
  auto path = parse_record_accessor("$.a.b");
  const std::string value = testing::msgpack_of(R"({"b":1,"c":2})");
  std::string out;
  ASSERT_TRUE(delete_path(value, path.steps, 1, out));
  EXPECT_EQ(out, testing::msgpack_of(R"({"c":2})"));
  std::string untouched;
  EXPECT_FALSE(delete_path(testing::msgpack_of(R"({"x":1})"), path.steps, 1, untouched));
  EXPECT_FALSE(delete_path(testing::msgpack_of(R"("str")"), path.steps, 1, untouched));
  EXPECT_TRUE(untouched.empty());
}

}  // namespace
}  // namespace ferry::record_transformer
