// The strict JSON reader/writer used for array/hash values and describe --json.
#include <gtest/gtest.h>

#include "config/json_reader.hpp"

namespace ferry::config::json {
namespace {

std::string roundtrip(const std::string& text) {
  std::string error;
  std::optional<Value> v = parse(text, error);
  return v ? serialize(*v) : "ERROR: " + error;
}

TEST(ParamsJson, CompactRoundTrip) {
  EXPECT_EQ(roundtrip(R"( { "a" : [1, 2.50, -3e2, true, false, null], "b": {} } )"),
            R"({"a":[1,2.50,-3e2,true,false,null],"b":{}})");
  EXPECT_EQ(roundtrip(R"("tab\tquote\"slash\/u\u00e9\ud83d\ude00")"),
            "\"tab\\tquote\\\"slash/u\xc3\xa9\xf0\x9f\x98\x80\"");
}

TEST(ParamsJson, RejectsWhatRubyRejects) {
  for (const char* bad : {"[1,]", "{a:1}", "[01]", "'x'", "[1 2]", "{\"a\" 1}", "\"\\q\"", "[", "",
                          "[1] x", "nul", "[.5]", "\"a\nb\""}) {
    std::string error;
    EXPECT_FALSE(parse(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(ParamsJson, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  std::string error;
  EXPECT_FALSE(parse(deep, error));
  EXPECT_NE(error.find("deeply"), std::string::npos) << error;
}

TEST(ParamsJson, ParamTextOfElements) {
  std::string error;
  std::optional<Value> v = parse(R"(["s",1,{"k":"v"}])", error);
  ASSERT_TRUE(v);
  EXPECT_EQ(as_param_text(v->items[0]), "s");
  EXPECT_EQ(as_param_text(v->items[1]), "1");
  EXPECT_EQ(as_param_text(v->items[2]), R"({"k":"v"})");
}

}  // namespace
}  // namespace ferry::config::json
