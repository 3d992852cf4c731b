// Fluentd's value conversions (lib/fluent/config/types.rb), oddities included.
#include "config/value_types.hpp"

#include <gtest/gtest.h>

namespace ferry::config {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Items = std::vector<std::string>;

TEST(ValueTypesInteger, PlainDecimal) {
  Conversion c;
  EXPECT_EQ(to_integer("42", c), 42);
  EXPECT_EQ(to_integer("-7", c), -7);
  EXPECT_EQ(to_integer("+7", c), 7);
  EXPECT_EQ(to_integer("1_000", c), 1000);
  EXPECT_TRUE(c.warning.empty()) << c.warning;
  EXPECT_TRUE(c.error.empty());
}

TEST(ValueTypesInteger, RubyToIIsLenientAndWarns) {
  Conversion c;
  EXPECT_EQ(to_integer("abc", c), 0);
  EXPECT_NE(c.warning.find("'abc'"), std::string::npos) << c.warning;
  Conversion k;
  EXPECT_EQ(to_integer("10k", k), 10);
  EXPECT_NE(k.warning.find("as 10"), std::string::npos) << k.warning;
  Conversion f;
  EXPECT_EQ(to_integer("1.9", f), 1);
  EXPECT_FALSE(f.warning.empty());
  Conversion e;
  EXPECT_EQ(to_integer("", e), 0);
  EXPECT_FALSE(e.warning.empty());
  Conversion h;
  EXPECT_EQ(to_integer("0x10", h), 0);  // to_i is base 10
  EXPECT_FALSE(h.warning.empty());
}

TEST(ValueTypesInteger, OutOfRangeIsAnError) {
  Conversion c;
  EXPECT_FALSE(to_integer("99999999999999999999", c));
  EXPECT_FALSE(c.error.empty());
  Conversion m;
  EXPECT_EQ(to_integer("-9223372036854775808", m), INT64_MIN);
}

TEST(ValueTypesFloat, RubyToF) {
  Conversion c;
  EXPECT_DOUBLE_EQ(*to_float("1.5", c), 1.5);
  EXPECT_DOUBLE_EQ(*to_float("-2", c), -2.0);
  EXPECT_DOUBLE_EQ(*to_float("1e3", c), 1000.0);
  EXPECT_DOUBLE_EQ(*to_float(".5", c), 0.5);
  EXPECT_TRUE(c.warning.empty()) << c.warning;
  Conversion w;
  EXPECT_DOUBLE_EQ(*to_float("1.5s", w), 1.5);
  EXPECT_FALSE(w.warning.empty());
  Conversion z;
  EXPECT_DOUBLE_EQ(*to_float("abc", z), 0.0);
  EXPECT_FALSE(z.warning.empty());
  Conversion d;
  EXPECT_DOUBLE_EQ(*to_float("1.", d), 1.0);  // '.' needs a digit after it
  EXPECT_FALSE(d.warning.empty());
}

TEST(ValueTypesSize, Units) {
  Conversion c;
  EXPECT_EQ(to_size("10", c), 10);
  EXPECT_EQ(to_size("10k", c), 10 * 1024);
  EXPECT_EQ(to_size("10K", c), 10 * 1024);
  EXPECT_EQ(to_size("8m", c), 8 * 1024 * 1024);
  EXPECT_EQ(to_size("10MB", c), 10LL * 1024 * 1024);
  EXPECT_EQ(to_size("2g", c), 2LL << 30);
  EXPECT_EQ(to_size("1t", c), 1LL << 40);
  EXPECT_TRUE(c.warning.empty()) << c.warning;
}

TEST(ValueTypesSize, FluentdOddities) {
  Conversion frac;
  EXPECT_EQ(to_size("1.5g", frac), 5LL << 30);  // only "5g" counts
  EXPECT_NE(frac.warning.find("5368709120"), std::string::npos) << frac.warning;
  Conversion order;
  EXPECT_EQ(to_size("2m1k", order), 1024);  // k is tried before m
  EXPECT_FALSE(order.warning.empty());
  Conversion text;
  EXPECT_EQ(to_size("abc", text), 0);
  EXPECT_FALSE(text.warning.empty());
  Conversion spaced;
  EXPECT_EQ(to_size("10 k", spaced), 10);  // the unit needs the digits right before it
  EXPECT_FALSE(spaced.warning.empty());
  Conversion huge;
  EXPECT_FALSE(to_size("99999999999t", huge));
  EXPECT_FALSE(huge.error.empty());
}

TEST(ValueTypesTime, Units) {
  Conversion c;
  EXPECT_DOUBLE_EQ(*to_time("30", c), 30);
  EXPECT_DOUBLE_EQ(*to_time("0.5", c), 0.5);
  EXPECT_DOUBLE_EQ(*to_time("10s", c), 10);
  EXPECT_DOUBLE_EQ(*to_time("5m", c), 300);
  EXPECT_DOUBLE_EQ(*to_time("2h", c), 7200);
  EXPECT_DOUBLE_EQ(*to_time("1d", c), 86400);
  EXPECT_TRUE(c.warning.empty()) << c.warning;
}

TEST(ValueTypesTime, FluentdOddities) {
  Conversion frac;
  EXPECT_DOUBLE_EQ(*to_time("1.5h", frac), 18000);
  EXPECT_NE(frac.warning.find("18000"), std::string::npos) << frac.warning;
  Conversion combined;
  EXPECT_DOUBLE_EQ(*to_time("1m30s", combined), 30);
  EXPECT_FALSE(combined.warning.empty());
  Conversion ms;
  EXPECT_DOUBLE_EQ(*to_time("10ms", ms), 600);
  EXPECT_FALSE(ms.warning.empty());
  Conversion upper;
  EXPECT_DOUBLE_EQ(*to_time("1H", upper), 1.0);  // units are case-sensitive
  EXPECT_FALSE(upper.warning.empty());
  Conversion hm;
  EXPECT_DOUBLE_EQ(*to_time("1h30m", hm), 1800);  // m before h
  EXPECT_FALSE(hm.warning.empty());
}

TEST(ValueTypesBool, FluentdWords) {
  Conversion c;
  EXPECT_EQ(to_bool("true", c), true);
  EXPECT_EQ(to_bool("yes", c), true);
  EXPECT_EQ(to_bool("", c), true);  // a bare key is a flag
  EXPECT_EQ(to_bool("false", c), false);
  EXPECT_EQ(to_bool("no", c), false);
  EXPECT_TRUE(c.warning.empty());
  Conversion hash;
  EXPECT_EQ(to_bool("#comment", hash), true);
  EXPECT_FALSE(hash.warning.empty());
}

TEST(ValueTypesBool, OtherTextIsNilWithoutError) {
  for (const char* text : {"True", "1", "on", "off", "TRUE"}) {
    Conversion c;
    EXPECT_FALSE(to_bool(text, c).has_value()) << text;
    EXPECT_TRUE(c.error.empty());
    EXPECT_FALSE(c.warning.empty());
  }
}

TEST(ValueTypesArray, CommaForm) {
  Conversion c;
  EXPECT_EQ(*to_array("a,b,c", c), (Items{"a", "b", "c"}));
  EXPECT_EQ(*to_array("  a , b ,c  ", c), (Items{"a", "b", "c"}));
  EXPECT_EQ(*to_array("a,,b", c), (Items{"a", "", "b"}));
  EXPECT_EQ(*to_array("a,b,,", c), (Items{"a", "b"}));  // trailing empties dropped
  EXPECT_EQ(*to_array("", c), Items{});
  EXPECT_EQ(*to_array("one", c), Items{"one"});
}

TEST(ValueTypesArray, JsonForm) {
  Conversion c;
  EXPECT_EQ(*to_array(R"(["a","b c"])", c), (Items{"a", "b c"}));
  EXPECT_EQ(*to_array(R"([1,true,null,{"k":2}])", c), (Items{"1", "true", "null", R"({"k":2})"}));
  EXPECT_EQ(*to_array("[]", c), Items{});
  Conversion bad;
  EXPECT_FALSE(to_array("[a,b]", bad));  // starts with '[' so it must be JSON
  EXPECT_NE(bad.error.find("array required but got"), std::string::npos) << bad.error;
  Conversion spaced;
  EXPECT_EQ(*to_array(" [1,2]", spaced), (Items{"[1", "2]"}));  // not JSON: does not start with '['
}

TEST(ValueTypesHash, CommaForm) {
  Conversion c;
  EXPECT_EQ(*to_hash("a:1,b:2", c), (Pairs{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(*to_hash("a:1, b:c:d", c), (Pairs{{"a", "1"}, {"b", "c:d"}}));
  EXPECT_EQ(*to_hash("a: 1", c), (Pairs{{"a", " 1"}}));  // spaces around ':' are kept
  EXPECT_EQ(*to_hash("a:1,a:2", c), (Pairs{{"a", "2"}}));
  EXPECT_TRUE(c.warning.empty());
  Conversion nocolon;
  EXPECT_EQ(*to_hash("a", nocolon), (Pairs{{"a", ""}}));
  EXPECT_FALSE(nocolon.warning.empty());
  Conversion empty;
  EXPECT_FALSE(to_hash("a:1,,b:2", empty));
  EXPECT_FALSE(empty.error.empty());
}

TEST(ValueTypesHash, JsonForm) {
  Conversion c;
  EXPECT_EQ(*to_hash(R"({"a":"x","b":1,"c":[1,2]})", c),
            (Pairs{{"a", "x"}, {"b", "1"}, {"c", "[1,2]"}}));
  Conversion bad;
  EXPECT_FALSE(to_hash("{a:1}", bad));
  EXPECT_NE(bad.error.find("hash required but got"), std::string::npos);
}

}  // namespace
}  // namespace ferry::config
