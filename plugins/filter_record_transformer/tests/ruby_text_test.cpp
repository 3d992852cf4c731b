// Ruby text forms: Time#to_s, iso8601, String#to_f / #to_i, and the exact
// Time.at(Float) rule renew_time_key uses.
#include "ruby_text.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "record_rewriter.hpp"
#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

TEST(RubyTextTest, TimeToS) {
  testing::use_utc();
  std::string s;
  append_time_to_s(s, TimeValue{1700000000, 5, false});
  EXPECT_EQ(s, "2023-11-14 22:13:20 +0000");
  s.clear();
  append_time_to_s(s, TimeValue{1700000000, 5, true});
  EXPECT_EQ(s, "2023-11-14 22:13:20 UTC");
  setenv("TZ", "America/New_York", 1);
  tzset();
  s.clear();
  append_time_to_s(s, TimeValue{1700000000, 0, false});
  EXPECT_EQ(s, "2023-11-14 17:13:20 -0500");
  s.clear();
  append_time_iso8601(s, TimeValue{1700000000, 123456789, false}, 6);
  EXPECT_EQ(s, "2023-11-14T17:13:20.123456-05:00");
  testing::use_utc();
}

TEST(RubyTextTest, StringToF) {
  EXPECT_EQ(ruby_string_to_f("  1.5e3xyz"), 1500.0);
  EXPECT_EQ(ruby_string_to_f("1_000.25"), 1000.25);
  EXPECT_EQ(ruby_string_to_f(".5"), 0.5);
  EXPECT_EQ(ruby_string_to_f("1."), 1.0);
  EXPECT_EQ(ruby_string_to_f("1e"), 1.0);
  EXPECT_EQ(ruby_string_to_f("abc"), 0.0);
  EXPECT_EQ(ruby_string_to_f("-2"), -2.0);
}

TEST(RubyTextTest, StringToI) {
  EXPECT_EQ(ruby_string_to_i(" 42abc"), 42);
  EXPECT_EQ(ruby_string_to_i("-1_000"), -1000);
  EXPECT_EQ(ruby_string_to_i("x"), 0);
  EXPECT_EQ(ruby_string_to_i("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(ruby_string_to_i("9223372036854775808"), std::nullopt);
}

TEST(RubyTextTest, EventTimeFromFloatIsExactAndTruncates) {
  int64_t sec;
  uint32_t nsec;
  ASSERT_TRUE(event_time_from_float(1.5, sec, nsec));
  EXPECT_EQ(sec, 1);
  EXPECT_EQ(nsec, 500000000u);
  ASSERT_TRUE(event_time_from_float(-1.5, sec, nsec));
  EXPECT_EQ(sec, -2);
  EXPECT_EQ(nsec, 500000000u);
  ASSERT_TRUE(event_time_from_float(0.1, sec, nsec));  // 0.1000000000000000055...
  EXPECT_EQ(nsec, 100000000u);
  EXPECT_FALSE(event_time_from_float(std::nan(""), sec, nsec));
  EXPECT_FALSE(event_time_from_float(1e300, sec, nsec));
}

}  // namespace
}  // namespace ferry::record_transformer
