// types, null_value_pattern, null_empty_string (Parser#convert_values).
#include <gtest/gtest.h>

#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

class ConvertValues : public InZone {
 protected:
  ParseOptions ltsv(std::vector<std::pair<std::string, std::string>> types) {
    ParseOptions o = options("ltsv");
    o.types = std::move(types);
    return o;
  }
};

TEST_F(ConvertValues, ScalarTypesFollowRubyConversions) {
  auto p = make(ltsv({{"i", "integer"},
                      {"i2", "integer"},
                      {"f", "float"},
                      {"f2", "float"},
                      {"b", "bool"},
                      {"b2", "bool"},
                      {"b3", "bool"},
                      {"s", "string"}}));
  Collect c = run(*p, "i: 1_000x\ti2:abc\tf:1.5e3z\tf2:.5\tb:YES\tb2:1\tb3:no\ts:x\tother:1");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"i":1000,"i2":0,"f":1500.0,"f2":0.5,"b":true,"b2":true,)"
                          R"("b3":false,"s":"x","other":"1"})");
}

TEST_F(ConvertValues, ArrayAndTimeTypes) {
  auto p = make(ltsv({{"a", "array"},
                      {"p", "array:|"},
                      {"t", "time:%d/%b/%Y:%H:%M:%S %z"},
                      {"u", "time:unixtime"},
                      {"z", "time:Asia/Tokyo:%Y-%m-%d %H:%M"},
                      {"bad", "time:%Y"}}));
  Collect c = run(*p,
                  "a:1,2,,3,,\tp:x|y\tt:28/Feb/2013:12:00:00 +0900\tu:1362020400\t"
                  "z:2013-02-28 12:00\tbad:nope");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  // EventTime values print as their seconds in JSON (EventTime#to_json).
  EXPECT_EQ(c.records[0], R"({"a":["1","2","","3"],"p":["x","y"],"t":1362020400,)"
                          R"("u":1362020400,"z":1362020400,"bad":null})");
}

TEST_F(ConvertValues, TypesApplyToJsonValuesOfAnyType) {
  ParseOptions o = options("json");
  o.types = {{"n", "string"},    {"f", "integer"}, {"s", "float"}, {"t", "integer"},
             {"nil", "integer"}, {"no", "string"}, {"h", "string"}};
  auto p = make(o);
  Collect c = run(*p, R"({"n":12,"f":-2.9,"s":"3.25","t":true,"nil":null,"no":false,"h":{"a":1}})");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"n":"12","f":-2,"s":3.25,"t":0,"nil":null,"no":false,)"
                          R"("h":"{\"a\"=>1}"})");
}

TEST_F(ConvertValues, NullValuePatternMatchesAnywhereAndNullEmptyString) {
  ParseOptions o = options("tsv");
  o.keys = std::vector<std::string>{"a", "b", "c", "d"};
  o.null_value_pattern = "/^(-|null|NULL)$/";
  o.null_empty_string = true;
  o.types = {{"a", "integer"}};
  auto p = make(o);
  EXPECT_EQ(run(*p, "-\tnull\t\tx-y").records[0], R"({"a":null,"b":null,"c":null,"d":"x-y"})");
  o.null_value_pattern = "-";  // unanchored, as Ruby's match? is
  o.null_empty_string = false;
  p = make(o);
  EXPECT_EQ(run(*p, "1\t\tx-y\tz").records[0], R"({"a":1,"b":"","c":null,"d":"z"})");
}

TEST_F(ConvertValues, UnknownTypeIsAConfigError) {
  EXPECT_EQ(make_error(ltsv({{"k", "decimal"}})),
            "unknown value conversion for key:'k', type:'decimal'");
}

TEST_F(ConvertValues, TimeKeyIsRemovedBeforeConversion) {
  ParseOptions o = ltsv({{"time", "string"}});
  o.keep_time_key = true;
  o.time_format = "%s";
  o.time_type = "string";
  auto p = make(o);
  Collect c = run(*p, "time:1362020400\tx:1");
  EXPECT_EQ(c.records[0], R"({"time":"1362020400","x":"1"})");
  EXPECT_EQ(c.times[0].sec, 1362020400u);
}

}  // namespace
}  // namespace ferry::parse::test
