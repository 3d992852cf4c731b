#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "format/strftime.hpp"
#include "format/time_formatter.hpp"
#include "format/time_zone.hpp"

namespace ferry::format {
namespace {

constexpr EventTime kTime{1700000000, 123456789};  // 2023-11-14 22:13:20.123456789 UTC

std::string strf(std::string_view fmt, EventTime t = kTime, TimeZone zone = TimeZone::utc()) {
  std::string out;
  Strftime(fmt).append(out, zone.civil(t.sec), t.nsec);
  return out;
}

std::string fmt(TimeFormatOptions o, EventTime t = kTime) {
  std::string error;
  auto f = TimeFormatter::create(o, &error);
  EXPECT_TRUE(f) << error;
  if (!f) return "ERROR";
  std::string out;
  f->append(out, t);
  return out;
}

// Sets TZ for one test and restores it.
class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    const char* old = std::getenv("TZ");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTz() {
    if (had_)
      setenv("TZ", old_.c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }

 private:
  bool had_ = false;
  std::string old_;
};

TEST(Strftime, FluentdStdoutFormat) {
  EXPECT_EQ(strf("%Y-%m-%d %H:%M:%S.%N %z"), "2023-11-14 22:13:20.123456789 +0000");
}

TEST(Strftime, SubSeconds) {
  EXPECT_EQ(strf("%L|%3N|%6N|%9N|%N|%12N|%6L|%1N"),
            "123|123|123456|123456789|123456789|123456789000|123456|1");
  EXPECT_TRUE(Strftime("%L").has_subsec());
  EXPECT_FALSE(Strftime("%S").has_subsec());
  EXPECT_EQ(strf("%N", EventTime{1, 5}), "000000005");
}

TEST(Strftime, Conversions) {
  EXPECT_EQ(
      strf("%a %A %b %B %h %e %j %I %l %p %P %U %W %V %G %g %u %w %C %y %s"),
      "Tue Tuesday Nov November Nov 14 318 10 10 PM pm 46 46 46 2023 23 2 2 20 23 1700000000");
  EXPECT_EQ(strf("%F %T %D %R %r"), "2023-11-14 22:13:20 11/14/23 22:13 10:13:20 PM");
  EXPECT_EQ(strf("%c"), "Tue Nov 14 22:13:20 2023");
  EXPECT_EQ(strf("%Z|%z|%:z|%::z"), "UTC|+0000|+00:00|+00:00:00");
  EXPECT_EQ(strf("100%% %n%t"), "100% \n\t");
}

TEST(Strftime, FlagsAndWidths) {
  EXPECT_EQ(strf("%-m/%-d %_m %05Y %^a %^B %#p %10A|%-10A|%3H"),
            "11/14 11 02023 TUE NOVEMBER pm    Tuesday|Tuesday|022");
  EXPECT_EQ(strf("%e", EventTime{1700000000 - 13 * 86400, 0}), " 1");
  EXPECT_EQ(strf("%-e", EventTime{1700000000 - 13 * 86400, 0}), "1");
}

TEST(Strftime, UnknownConversionsPrintVerbatim) {
  EXPECT_EQ(strf("%Q %5q %"), "%Q %5q %");
}

TEST(Strftime, IsoWeekAtYearBoundary) {
  EXPECT_EQ(strf("%U %W %V %G", EventTime{1609459200, 0}), "00 00 53 2020");  // 2021-01-01
}

TEST(TimeZone, FixedOffsetsLikeFluentd) {
  std::string error;
  for (const char* tz : {"+09:00", "+0900", "+09"}) {
    auto z = TimeZone::from_fluentd(tz, &error);
    ASSERT_TRUE(z) << tz;
    EXPECT_EQ(strf("%Y-%m-%d %H:%M:%S %z|%Z|", kTime, *z), "2023-11-15 07:13:20 +0900||") << tz;
  }
  auto z = TimeZone::from_fluentd("-03:30", &error);
  ASSERT_TRUE(z);
  EXPECT_EQ(strf("%H:%M %:z", kTime, *z), "18:43 -03:30");
}

TEST(TimeZone, RefusesWhatFluentdRefuses) {
  for (const char* tz : {"JST", "UTC", "+9", "+09:0", "Foo/Bar", "Asia/../etc", "/etc/passwd"}) {
    std::string error;
    EXPECT_FALSE(TimeZone::from_fluentd(tz, &error)) << tz;
    EXPECT_EQ(error, std::string("Unsupported timezone '") + tz + "'");
  }
}

TEST(TimeZone, NamedZonesFromTheTzDatabase) {
  std::string error;
  auto tokyo = TimeZone::from_fluentd("Asia/Tokyo", &error);
  ASSERT_TRUE(tokyo) << error;
  EXPECT_EQ(strf("%F %T %z", kTime, *tokyo), "2023-11-15 07:13:20 +0900");
  auto ny = TimeZone::from_fluentd("America/New_York", &error);
  ASSERT_TRUE(ny) << error;
  EXPECT_EQ(strf("%F %T %z", EventTime{1688212800, 0}, *ny), "2023-07-01 08:00:00 -0400");
  EXPECT_EQ(strf("%F %T %z", kTime, *ny), "2023-11-14 17:13:20 -0500");
  auto ba = TimeZone::from_fluentd("America/Argentina/Buenos_Aires", &error);
  ASSERT_TRUE(ba) << error;
  EXPECT_EQ(strf("%z", kTime, *ba), "-0300");
}

TEST(TimeZone, FarFutureUsesThePosixRule) {
  std::string error;
  auto berlin = TimeZone::from_fluentd("Europe/Berlin", &error);
  ASSERT_TRUE(berlin) << error;
  EXPECT_EQ(strf("%F %T %z", EventTime{4118126400u, 0}, *berlin), "2100-07-01 14:00:00 +0200");
  EXPECT_EQ(strf("%F %T %z", EventTime{4103697600u, 0}, *berlin), "2100-01-15 13:00:00 +0100");
}

TEST(TimeZone, LocalFollowsTz) {
  ScopedTz tz("Asia/Tokyo");
  EXPECT_EQ(strf("%F %T %z %Z", kTime, TimeZone::local()), "2023-11-15 07:13:20 +0900 JST");
}

TEST(TimeFormatter, DefaultIsIso8601LocalTime) {
  ScopedTz tz("UTC");
  EXPECT_EQ(fmt({}), "2023-11-14T22:13:20+00:00");
}

TEST(TimeFormatter, UtcAndLocaltimeFalseGiveZ) {
  TimeFormatOptions o;
  o.utc = true;
  EXPECT_EQ(fmt(o), "2023-11-14T22:13:20Z");
  o = {};
  o.localtime = false;
  EXPECT_EQ(fmt(o), "2023-11-14T22:13:20Z");
  o.format = "%Y%m%d %Z";
  EXPECT_EQ(fmt(o), "20231114 UTC");
}

TEST(TimeFormatter, TimezoneWinsOverLocaltime) {
  ScopedTz tz("America/New_York");
  TimeFormatOptions o;
  o.timezone = "+09:00";
  EXPECT_EQ(fmt(o), "2023-11-15T07:13:20+09:00");
  o.format = "%Y-%m-%d %H:%M:%S.%L%z";
  EXPECT_EQ(fmt(o), "2023-11-15 07:13:20.123+0900");
  o.timezone = "+00:00";
  o.format.reset();
  EXPECT_EQ(fmt(o), "2023-11-14T22:13:20+00:00");  // an offset, not UTC: no Z
}

TEST(TimeFormatter, Numeric) {
  TimeFormatOptions o;
  o.type = TimeFormatOptions::Type::kUnixtime;
  EXPECT_EQ(fmt(o), "1700000000");
  o.type = TimeFormatOptions::Type::kFloat;
  EXPECT_EQ(fmt(o), "1700000000.123456789");
  // Fluentd's NumericTimeFormatter#format_float replaces a short nsec by
  // zeros instead of padding it.
  EXPECT_EQ(fmt(o, EventTime{1700000000, 123}), "1700000000.000000");
  EXPECT_EQ(fmt(o, EventTime{1700000000, 0}), "1700000000.00000000");
  o.type = TimeFormatOptions::Type::kMixed;
  EXPECT_EQ(fmt(o), "1700000000.123456789");
}

TEST(TimeFormatter, BadTimezoneIsAnError) {
  TimeFormatOptions o;
  o.timezone = "Mars/Olympus";
  std::string error;
  EXPECT_FALSE(TimeFormatter::create(o, &error));
  EXPECT_EQ(error, "Unsupported timezone 'Mars/Olympus'");
}

TEST(TimeFormatter, CacheFollowsTheSecond) {
  TimeFormatOptions o;
  o.utc = true;
  o.format = "%H:%M:%S.%3N";
  std::string error;
  auto f = TimeFormatter::create(o, &error);
  std::string out;
  f->append(out, EventTime{1700000000, 1000000});
  f->append(out, EventTime{1700000000, 2000000});
  f->append(out, EventTime{1700000001, 0});
  EXPECT_EQ(out, "22:13:20.00122:13:20.00222:13:21.000");
}

}  // namespace
}  // namespace ferry::format
