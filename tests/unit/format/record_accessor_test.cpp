#include "format/record_accessor.hpp"

#include <gtest/gtest.h>

#include "format/ruby_value.hpp"
#include "test_records.hpp"

namespace ferry::format {
namespace {

using test::mp;

std::string get(const char* path, const std::string& record) {
  std::string error;
  auto ra = RecordAccessor::parse(path, &error);
  EXPECT_TRUE(ra) << error;
  if (!ra) return "PARSE ERROR";
  const uint8_t* v = nullptr;
  const uint8_t* end = test::bytes(record) + record.size();
  switch (ra->find(test::bytes(record), end, &v)) {
    case RecordAccessor::Result::kFound:
      break;
    case RecordAccessor::Result::kMissing:
      return "nil";
    case RecordAccessor::Result::kTypeError:
      return "TypeError";
    case RecordAccessor::Result::kMalformed:
      return "malformed";
  }
  std::string out;
  append_ruby_inspect(out, v, end, 0, &error);
  return out;
}

std::string parse_error(const char* path) {
  std::string error;
  EXPECT_FALSE(RecordAccessor::parse(path, &error)) << path;
  return error;
}

TEST(RecordAccessor, LiteralAndDotForms) {
  std::string r = mp(R"({"a.b":1,"a":{"b":2,"c":[10,20,[30]]},"s":"str"})");
  EXPECT_EQ(get("a.b", r), "1");
  EXPECT_EQ(get("$.a.b", r), "2");
  EXPECT_EQ(get("$.a.c[1]", r), "20");
  EXPECT_EQ(get("$.a.c[-1][0]", r), "30");
  EXPECT_EQ(get("$.a.c[5]", r), "nil");
  EXPECT_EQ(get("$.a.x.y", r), "nil");
  EXPECT_EQ(get("$.s.x", r), "TypeError");
  EXPECT_EQ(get("$.a", r), "{\"b\"=>2, \"c\"=>[10, 20, [30]]}");
}

TEST(RecordAccessor, BracketForm) {
  std::string r = mp(R"({"a b":{"c":[1,{"d":"x"}]}})");
  EXPECT_EQ(get("$['a b']['c'][1][\"d\"]", r), "\"x\"");
  EXPECT_EQ(get("$['a b'][0]", r), "nil");
}

TEST(RecordAccessor, NestedFlag) {
  std::string error;
  EXPECT_FALSE(RecordAccessor::parse("a.b", &error)->nested());
  EXPECT_TRUE(RecordAccessor::parse("$.a.b", &error)->nested());
}

TEST(RecordAccessor, ConfigErrorsLikeFluentd) {
  EXPECT_EQ(parse_error("$.a b"),
            "whitespace character is not allowed in dot notation. Use bracket notation: a b");
  EXPECT_EQ(parse_error("$['a\"]"), "Mismatched quotes. Invalid syntax: $['a\"]");
  EXPECT_EQ(parse_error("$['a'"), "Incomplete bracket. Invalid syntax: $['a'");
  EXPECT_EQ(parse_error("$.a[0"), "'[' found but ']' not found. Invalid syntax: $.a[0");
  EXPECT_EQ(parse_error("$.a[0]x"), "found more characters after ']'. Invalid syntax: $.a[0]x");
  EXPECT_EQ(parse_error("$."), "empty keys in dot notation");
}

// Moved from plugins/filter_record_transformer/tests/record_accessor_test.cpp
// (remove_keys paths), which tested the plugin's own copy of this parser.
std::string keys(const RecordAccessor& ra) {
  std::string out;
  for (const RecordAccessor::Step& s : ra.steps())
    out += (out.empty() ? "" : "|") + (s.is_index ? "#" + std::to_string(s.index) : s.key);
  return out;
}

RecordAccessor parsed(std::string_view path) {
  std::string error;
  auto ra = RecordAccessor::parse(path, &error);
  EXPECT_TRUE(ra) << path << ": " << error;
  return ra ? *ra : RecordAccessor();
}

std::string parse_error_text(std::string_view path) {
  std::string error;
  return RecordAccessor::parse(path, &error) ? "<ok>" : error;
}

TEST(RecordAccessorSteps, PlainKeysAreLiteralTopLevelKeys) {
  EXPECT_EQ(keys(parsed("a.b")), "a.b");
  EXPECT_FALSE(parsed("a.b").nested());
  EXPECT_FALSE(parsed("$.a").nested());
}

TEST(RecordAccessorSteps, DotAndBracketForms) {
  EXPECT_EQ(keys(parsed("$.a.b[0][-1]")), "a|b|#0|#-1");
  EXPECT_EQ(keys(parsed("$['a b'][\"c\"][2]")), "a b|c|#2");
  EXPECT_EQ(keys(parsed("$.a..b")), "a||b");  // String#split keeps inner empties
  EXPECT_EQ(keys(parsed("$.a[")), "a");       // Fluentd accepts the dangling `[`
}

TEST(RecordAccessorSteps, FluentdErrors) {
  EXPECT_EQ(parse_error_text("$."), "empty keys in dot notation");
  EXPECT_EQ(parse_error_text("$.a b"),
            "whitespace character is not allowed in dot notation. Use bracket notation: a b");
  EXPECT_EQ(parse_error_text("$.a[x]"), "invalid value for Integer(): \"x\"");
  EXPECT_EQ(parse_error_text("$.a[0]x"),
            "found more characters after ']'. Invalid syntax: $.a[0]x");
  EXPECT_EQ(parse_error_text("$['a'"), "Incomplete bracket. Invalid syntax: $['a'");
  EXPECT_EQ(parse_error_text("$['a\"]"), "Mismatched quotes. Invalid syntax: $['a\"]");
  EXPECT_EQ(parse_error_text("$[]"), "missing array index in '[]'. Invalid syntax: ]");
}

TEST(RecordAccessorDelete, DeleteNested) {
  RecordAccessor path = parsed("$.a.b");
  const std::string value = mp(R"({"b":1,"c":2})");
  std::string out;
  ASSERT_TRUE(path.delete_from(value, 1, out));
  EXPECT_EQ(out, mp(R"({"c":2})"));
  std::string untouched;
  EXPECT_FALSE(path.delete_from(mp(R"({"x":1})"), 1, untouched));
  EXPECT_FALSE(path.delete_from(mp(R"("str")"), 1, untouched));
  EXPECT_TRUE(untouched.empty());
}

// Array#delete_at through an index step, and Kernel#Integer index forms.
TEST(RecordAccessorDelete, ArrayElementsAndIntegerForms) {
  const std::string value = mp(R"({"l":[10,20,30]})");
  std::string out;
  ASSERT_TRUE(parsed("$.l[-1]").delete_from(value, 0, out));
  EXPECT_EQ(out, mp(R"({"l":[10,20]})"));
  EXPECT_EQ(keys(parsed("$.l[0x1_0]")), "l|#16");
  out.clear();
  EXPECT_FALSE(parsed("$.l.x").delete_from(value, 0, out));  // a key on an array: unchanged
}

}  // namespace
}  // namespace ferry::format
