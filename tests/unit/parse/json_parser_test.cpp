#include <gtest/gtest.h>

#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

class JsonParser : public InZone {};

TEST_F(JsonParser, ObjectIsOneRecordAndTimeKeyIsRemoved) {
  auto p = make(options("json"));
  Collect c = run(*p, R"({"time":1362020400,"host":"192.168.0.1","size":777})");
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0], R"({"host":"192.168.0.1","size":777})");
  EXPECT_EQ(c.times[0], (EventTime{1362020400, 0}));
}

TEST_F(JsonParser, FloatTimeIsSplitAtTheDecimalPointExactly) {
  auto p = make(options("json"));
  // 1362020400.123456789 as a double is ...400.1234567165; Fluentd splits
  // Float#to_s ("1362020400.1234567") instead of rounding the binary value.
  Collect c = run(*p, R"({"time":1362020400.123456789,"a":1})");
  ASSERT_EQ(c.times.size(), 1u);
  EXPECT_EQ(c.times[0], (EventTime{1362020400, 123456700}));
  c = run(*p, R"({"time":"1362020400.5","a":1})");
  EXPECT_EQ(c.times[0], (EventTime{1362020400, 500000000}));
}

TEST_F(JsonParser, StringTimeWithoutFormatGoesThroughTheFloatPath) {
  auto p = make(options("json"));
  Collect c = run(*p, R"({"time":"2020-01-01T00:00:00Z","a":1})");
  ASSERT_EQ(c.times.size(), 1u);
  EXPECT_EQ(c.times[0], (EventTime{2020, 0}));  // "2020-01-01...".to_i
}

TEST_F(JsonParser, ArrayGivesOneRecordPerElementAndFailsNonObjects) {
  auto p = make(options("json"));
  Collect c = run(*p, R"([{"a":1},2,{"b":2}])");
  ASSERT_EQ(c.all.size(), 3u);
  EXPECT_EQ(c.all[0], R"({"a":1})");
  EXPECT_EQ(c.all[1].rfind("error: array element 1 is not an object", 0), 0u) << c.all[1];
  EXPECT_EQ(c.all[2], R"({"b":2})");
}

TEST_F(JsonParser, InvalidJsonIsAnErrorQuotingTheText) {
  auto p = make(options("json"));
  Collect c = run(*p, "{\"a\":1");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("invalid JSON"), std::string::npos) << c.errors[0];
  EXPECT_NE(c.errors[0].find("'{\"a\":1'"), std::string::npos) << c.errors[0];
  c = run(*p, "42");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("not an object"), std::string::npos);
}

TEST_F(JsonParser, KeepsEveryJsonTypeAsIs) {
  auto p = make(options("json"));
  Collect c = run(*p, R"({"host":"db1","metrics":{"cpu":0.25,"mem":1024},"tags":["a","b"],)"
                      R"("ok":true,"nothing":null,"big":12345678901234567890,"neg":-7,)"
                      R"("exp":1.5e3,"unicode":"caf\u00e9 \ud83d\ude00","esc":"a\"b\\c\/d\n"})");
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0],
            R"({"host":"db1","metrics":{"cpu":0.25,"mem":1024},"tags":["a","b"],"ok":true,)"
            R"("nothing":null,"big":12345678901234567890,"neg":-7,"exp":1500.0,)"
            "\"unicode\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\",\"esc\":\"a\\\"b\\\\c/d\\n\"}");
}

TEST_F(JsonParser, TimeFormatMakesTheTimeTypeString) {
  ParseOptions o = options("json");
  o.time_format = "%d/%b/%Y:%H:%M:%S %z";
  auto p = make(o);
  Collect c = run(*p, R"({"time":"28/Feb/2013:12:00:00 +0900","a":1})");
  ASSERT_EQ(c.times.size(), 1u);
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 3, 0, 0));
}

TEST_F(JsonParser, KeepTimeKeyAndMissingTime) {
  ParseOptions o = options("json");
  o.keep_time_key = true;
  auto p = make(o);
  Collect c = run(*p, R"({"time":1,"a":1})");
  EXPECT_EQ(c.records[0], R"({"time":1,"a":1})");
  o.estimate_current_event = false;
  p = make(o);
  c = run(*p, R"({"a":1})");
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_FALSE(c.time_set[0]);
  EXPECT_EQ(c.times[0], (EventTime{0, 0}));
}

TEST_F(JsonParser, BadTimeStopsTheRestOfAnArray) {
  ParseOptions o = options("json");
  o.time_type = "string";
  o.time_format = "%Y";
  auto p = make(o);
  Collect c = run(*p, R"([{"time":"2001","a":1},{"time":"x","a":2},{"a":3}])");
  ASSERT_EQ(c.all.size(), 2u);
  EXPECT_EQ(c.all[0], R"({"a":1})");
  EXPECT_EQ(c.all[1].rfind("error: invalid time format: value = 'x'", 0), 0u) << c.all[1];
}

}  // namespace
}  // namespace ferry::parse::test
