#include "format/json_to_msgpack.hpp"

#include <gtest/gtest.h>

#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"

namespace ferry::format {
namespace {

std::string hex(const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string convert(std::string_view json) {
  JsonToMsgpack conv;
  std::string out, error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error;
  return out;
}

std::string error_of(std::string_view json) {
  JsonToMsgpack conv;
  std::string out = "keep", error;
  EXPECT_FALSE(conv.convert(json, out, &error));
  EXPECT_EQ(out, "keep");
  return error;
}

TEST(JsonToMsgpack, ExactBytesLikeMsgpackRuby) {
  EXPECT_EQ(hex(convert(R"({"a":1})")), "81 a1 61 01");
  EXPECT_EQ(hex(convert("[true,false,null]")), "93 c3 c2 c0");
  EXPECT_EQ(hex(convert("-33")), "d0 df");
  EXPECT_EQ(hex(convert("1.5")), "cb 3f f8 00 00 00 00 00 00");
  EXPECT_EQ(hex(convert("12345678901234567890")), "cf ab 54 a9 8c eb 1f 0a d2");
  EXPECT_EQ(hex(convert(R"("\u00e9")")), "a2 c3 a9");
}

TEST(JsonToMsgpack, HeadersShrinkToTheSmallestForm) {
  std::string json = "[";
  for (int i = 0; i < 16; ++i) json += (i ? ",0" : "0");
  json += "]";
  std::string out = convert(json);
  EXPECT_EQ(out.size(), 3u + 16u);
  EXPECT_EQ(hex(out.substr(0, 3)), "dc 00 10");
  std::string obj = "{";
  for (int i = 0; i < 70000; ++i) obj += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
  obj += "}";
  out = convert(obj);
  EXPECT_EQ(hex(out.substr(0, 5)), "df 00 01 11 70");
}

TEST(JsonToMsgpack, NumbersBeyondIntegerRangeBecomeFloats) {
  EXPECT_EQ(hex(convert("-9223372036854775808")), "d3 80 00 00 00 00 00 00 00");
  MpValue v;
  std::string out = convert("123456789012345678901234567890");
  const uint8_t* p = reinterpret_cast<const uint8_t*>(out.data());
  ASSERT_TRUE(read_item(p, p + out.size(), v));
  EXPECT_EQ(v.type, MpValue::kFloat);
  EXPECT_DOUBLE_EQ(v.f, 1.2345678901234568e29);
  out = convert("-9223372036854775809");
  p = reinterpret_cast<const uint8_t*>(out.data());
  ASSERT_TRUE(read_item(p, p + out.size(), v));
  EXPECT_EQ(v.type, MpValue::kFloat);
}

TEST(JsonToMsgpack, RoundTripsThroughTheJsonWriter) {
  const std::string json =
      R"({"s":"x/y \u00e9\n","n":[1,-2,3.25,1e-05],"o":{"deep":{"er":[{}]}},"t":true,"z":null})";
  std::string out = convert(json);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(out.data());
  std::string back, error;
  ASSERT_TRUE(append_json(back, p, p + out.size(), JsonStyle::kOj, &error));
  EXPECT_EQ(back,
            "{\"s\":\"x/y \xC3\xA9\\n\",\"n\":[1,-2,3.25,1.0e-05],\"o\":{\"deep\":{\"er\":[{}]}},"
            "\"t\":true,\"z\":null}");
}

TEST(JsonToMsgpack, WhitespaceAroundTheValueIsFine) {
  EXPECT_EQ(hex(convert("  \n{ \"a\" : [ 1 ] }\n ")), "81 a1 61 91 01");
}

TEST(JsonToMsgpack, ErrorsNameTheByteOffset) {
  std::string e = error_of(R"({"a":1,})");
  EXPECT_NE(e.find("invalid JSON at byte "), std::string::npos) << e;
  e = error_of(R"({"a":1} x)");
  EXPECT_EQ(e.find("invalid JSON"), 0u) << e;
  e = error_of(R"("a" x)");
  EXPECT_EQ(e.find("invalid JSON"), 0u) << e;
  e = error_of(R"([1,{"a":[2,]}])");
  EXPECT_NE(e.find("invalid JSON at byte 11"), std::string::npos) << e;
  e = error_of(R"({"a":tru})");
  EXPECT_NE(e.find("invalid JSON at byte"), std::string::npos) << e;
  EXPECT_NE(error_of("").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("[1,2").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("\"\xff\"").find("invalid JSON"), std::string::npos);
}

TEST(JsonToMsgpack, ReusableAfterAnError) {
  JsonToMsgpack conv;
  std::string out, error;
  EXPECT_FALSE(conv.convert("{", out, &error));
  EXPECT_TRUE(conv.convert(R"({"b":2})", out, &error)) << error;
  EXPECT_EQ(hex(out), "81 a1 62 02");
}

}  // namespace
}  // namespace ferry::format
