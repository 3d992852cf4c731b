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
    case RecordAccessor::Result::kFound: break;
    case RecordAccessor::Result::kMissing: return "nil";
    case RecordAccessor::Result::kTypeError: return "TypeError";
    case RecordAccessor::Result::kMalformed: return "malformed";
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

}  // namespace
}  // namespace ferry::format
