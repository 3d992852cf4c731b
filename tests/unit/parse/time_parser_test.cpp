#include "parse/time_parser.hpp"

#include <gtest/gtest.h>

#include "format/time_zone.hpp"
#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

using Type = TimeParseOptions::Type;

class TimeParsing : public InZone {
 protected:
  std::unique_ptr<TimeParser> parser(Type type, std::optional<std::string> format = std::nullopt) {
    TimeParseOptions o;
    o.type = type;
    o.format = std::move(format);
    return make(o);
  }
  std::unique_ptr<TimeParser> make(const TimeParseOptions& o) {
    std::string error;
    auto p = TimeParser::create(o, &error);
    EXPECT_TRUE(p) << error;
    return p;
  }
  static EventTime parse(TimeParser& p, std::string_view text) {
    EventTime t{};
    std::string error;
    EXPECT_TRUE(p.parse_text(text, t, &error)) << error << " for " << text;
    return t;
  }
  static std::string fails(TimeParser& p, std::string_view text) {
    EventTime t{};
    std::string error;
    EXPECT_FALSE(p.parse_text(text, t, &error)) << text;
    return error;
  }
  static format::MpValue number(double d) {
    format::MpValue v;
    v.type = format::MpValue::kFloat;
    v.f = d;
    return v;
  }
  static format::MpValue integer(uint64_t u) {
    format::MpValue v;
    v.type = format::MpValue::kUint;
    v.u = u;
    return v;
  }
};

TEST_F(TimeParsing, StrptimeWithZoneAndNanoseconds) {
  auto p = parser(Type::kString, "%Y-%m-%dT%H:%M:%S.%N%z");
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00.123456789+09:00"),
            (EventTime{utc(2013, 2, 28, 3, 0, 0), 123456789}));
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00.5-0130"),
            (EventTime{utc(2013, 2, 28, 13, 30, 0), 500000000}));
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00.000001Z"),
            (EventTime{utc(2013, 2, 28, 12, 0, 0), 1000}));
  EXPECT_NE(
      fails(*p, "2013-02-28 12:00:00").find("invalid time format: value = '2013-02-28 12:00:00'"),
      std::string::npos);
}

TEST_F(TimeParsing, MillisecondsAndTrailingText) {
  auto p = parser(Type::kString, "%Y-%m-%d %H:%M:%S.%L");
  EXPECT_EQ(parse(*p, "2013-02-28 12:00:00.123 and more"),
            (EventTime{utc(2013, 2, 28, 12, 0, 0), 123000000}));
}

TEST_F(TimeParsing, ZonelessTimesUseLocaltimeTimezoneOrUtc) {
  set_tz("Asia/Tokyo");
  auto local = parser(Type::kString, "%Y-%m-%d %H:%M:%S");
  EXPECT_EQ(parse(*local, "2013-02-28 12:00:00").sec, utc(2013, 2, 28, 3, 0, 0));

  TimeParseOptions o;
  o.format = "%Y-%m-%d %H:%M:%S";
  o.utc = true;
  o.localtime = false;
  EXPECT_EQ(parse(*make(o), "2013-02-28 12:00:00").sec, utc(2013, 2, 28, 12, 0, 0));

  o.utc = false;
  o.localtime = true;
  o.timezone = "-05:00";
  EXPECT_EQ(parse(*make(o), "2013-02-28 12:00:00").sec, utc(2013, 2, 28, 17, 0, 0));
  o.timezone = "America/New_York";  // EDT in July
  EXPECT_EQ(parse(*make(o), "2013-07-01 12:00:00").sec, utc(2013, 7, 1, 16, 0, 0));
  EXPECT_EQ(parse(*make(o), "2013-01-01 12:00:00").sec, utc(2013, 1, 1, 17, 0, 0));
  // A zone in the format wins over timezone.
  o.format = "%Y-%m-%d %H:%M:%S %z";
  EXPECT_EQ(parse(*make(o), "2013-01-01 12:00:00 +0000").sec, utc(2013, 1, 1, 12, 0, 0));
}

TEST_F(TimeParsing, ConfigErrors) {
  TimeParseOptions o;
  o.timezone = "+09:00";
  std::string error;
  EXPECT_FALSE(TimeParser::create(o, &error));
  EXPECT_EQ(error, "specifying timezone requires time format");
  o.format = "%H";
  o.timezone = "Mars/Base";
  EXPECT_FALSE(TimeParser::create(o, &error));
  EXPECT_EQ(error, "Unsupported timezone 'Mars/Base'");
}

TEST_F(TimeParsing, MissingDateFieldsComeFromNow) {
  auto p = parser(Type::kString, "%b %d %H:%M:%S");
  int year = int(format::TimeZone::utc().civil(EventTime::now().sec).year);
  EXPECT_EQ(parse(*p, "Feb 28 12:00:00").sec, utc(year, 2, 28, 12, 0, 0));
  auto h = parser(Type::kString, "%H:%M");
  format::CivilTime now = format::TimeZone::utc().civil(EventTime::now().sec);
  EXPECT_EQ(parse(*h, "07:30").sec, utc(int(now.year), now.month, now.day, 7, 30, 0));
}

TEST_F(TimeParsing, MoreConversions) {
  EXPECT_EQ(parse(*parser(Type::kString, "%s"), "1362020400").sec, 1362020400u);
  EXPECT_EQ(parse(*parser(Type::kString, "%d/%b/%Y:%H:%M:%S %z"), "28/Feb/2013:12:00:00 +0900").sec,
            utc(2013, 2, 28, 3, 0, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%FT%T"), "2013-02-28T12:00:00").sec,
            utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%Y%m%d%H%M%S"), "20130228120000").sec,
            utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%m/%d/%y %I:%M %p"), "02/28/13 01:05 PM").sec,
            utc(2013, 2, 28, 13, 5, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%A, %B %e %Y"), "Thursday, February  28 2013").sec,
            utc(2013, 2, 28, 0, 0, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%Y %j"), "2013 059").sec, utc(2013, 2, 28, 0, 0, 0));
  EXPECT_EQ(parse(*parser(Type::kString, "%Y-%m-%d %H:%M:%S %Z"), "2013-02-28 12:00:00 EST").sec,
            utc(2013, 2, 28, 17, 0, 0));
  // An unknown conversion is literal text, as Date._strptime treats it.
  EXPECT_EQ(parse(*parser(Type::kString, "%Y %q"), "2013 %q").sec, utc(2013, 1, 1, 0, 0, 0));
  fails(*parser(Type::kString, "%Y-%m-%d"), "2013-13-01");
}

TEST_F(TimeParsing, Iso8601) {
  set_tz("Asia/Tokyo");
  auto p = parser(Type::kString, "%iso8601");
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00.25Z"),
            (EventTime{utc(2013, 2, 28, 12, 0, 0), 250000000}));
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00+01:00").sec, utc(2013, 2, 28, 11, 0, 0));
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00").sec, utc(2013, 2, 28, 3, 0, 0));  // local
  EXPECT_EQ(parse(*p, "2013-02-28").sec, utc(2013, 2, 27, 15, 0, 0));
  EXPECT_NE(fails(*p, "2013-02-28 12:00:00").find("invalid xmlschema"), std::string::npos);
}

TEST_F(TimeParsing, RubyTimeParseWithoutFormat) {
  auto p = parser(Type::kString);
  EXPECT_EQ(parse(*p, "2013-02-28 12:00:00").sec, utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00.5+09:00"),
            (EventTime{utc(2013, 2, 28, 3, 0, 0), 500000000}));
  EXPECT_EQ(parse(*p, "28/Feb/2013:12:00:00 +0900").sec, utc(2013, 2, 28, 3, 0, 0));
  EXPECT_EQ(parse(*p, "Thu, 28 Feb 2013 12:00:00 GMT").sec, utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*p, "Thu Feb 28 12:00:00 2013").sec, utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*p, "Feb 28 2013 1:02:03 pm").sec, utc(2013, 2, 28, 13, 2, 3));
  EXPECT_EQ(parse(*p, "2013/02/28").sec, utc(2013, 2, 28, 0, 0, 0));
  EXPECT_NE(fails(*p, "no time here").find("no time information"), std::string::npos);
}

TEST_F(TimeParsing, UnixtimeAndFloat) {
  auto u = parser(Type::kUnixtime);
  EXPECT_EQ(parse(*u, "1362020400"), (EventTime{1362020400, 0}));
  EXPECT_EQ(parse(*u, "1362020400.9"), (EventTime{1362020400, 0}));
  EXPECT_EQ(parse(*u, "abc"), (EventTime{0, 0}));
  EventTime t;
  EXPECT_TRUE(u->parse(number(1362020400.9), t, nullptr));
  EXPECT_EQ(t, (EventTime{1362020400, 0}));

  auto f = parser(Type::kFloat);
  EXPECT_EQ(parse(*f, "1362020400.123456789"), (EventTime{1362020400, 123456789}));
  EXPECT_EQ(parse(*f, "1362020400.5.7"), (EventTime{1362020400, 500000000}));
  EXPECT_EQ(parse(*f, "1362020400"), (EventTime{1362020400, 0}));
  EXPECT_TRUE(f->parse(number(1.5), t, nullptr));
  EXPECT_EQ(t, (EventTime{1, 500000000}));
  EXPECT_TRUE(f->parse(integer(1362020400), t, nullptr));
  EXPECT_EQ(t, (EventTime{1362020400, 0}));
  format::MpValue map;
  map.type = format::MpValue::kMap;
  std::string error;
  EXPECT_FALSE(f->parse(map, t, &error));
  EXPECT_NE(error.find("value must be a string or a number"), std::string::npos);
  auto s = parser(Type::kString, "%s");
  EXPECT_FALSE(s->parse(integer(1), t, &error));
  EXPECT_EQ(error, "value must be string: '1'");
}

TEST_F(TimeParsing, MixedTriesEachFormat) {
  TimeParseOptions o;
  o.type = Type::kMixed;
  o.format = "%iso8601";
  o.fallbacks = {"unixtime", "%d/%m/%Y"};
  auto p = make(o);
  EXPECT_EQ(parse(*p, "2013-02-28T12:00:00Z").sec, utc(2013, 2, 28, 12, 0, 0));
  EXPECT_EQ(parse(*p, "1362020400").sec, 1362020400u);
  EXPECT_EQ(parse(*p, "28/02/2013").sec, utc(2013, 2, 28, 0, 0, 0));
  EXPECT_NE(fails(*p, "nope")
                .find("even though fallbacks: Fluent::TimeParser,"
                      "Fluent::NumericTimeParser,Fluent::TimeParser"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry::parse::test
