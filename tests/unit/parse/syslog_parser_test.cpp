#include <gtest/gtest.h>

#include "format/time_zone.hpp"
#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

class SyslogParser : public InZone, public ::testing::WithParamInterface<const char*> {
 protected:
  ParseOptions syslog() {
    ParseOptions o = options("syslog");
    o.parser_engine = GetParam();
    return o;
  }
  bool string_engine() const { return std::string(GetParam()) == "string"; }
};

constexpr const char* kExpected =
    R"({"host":"192.168.0.1","ident":"fluentd","pid":"11111","message":"[error] Syslog test"})";

uint32_t this_year(int mon, int day, int h, int m, int s) {
  int year = int(format::TimeZone::utc().civil(EventTime::now().sec).year);
  return utc(year, mon, day, h, m, s);
}

TEST_P(SyslogParser, Rfc3164) {
  auto p = make(syslog());
  Collect c = run(*p, "Feb 28 12:00:00 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], kExpected);
  EXPECT_EQ(c.times[0], (EventTime{this_year(2, 28, 12, 0, 0), 0}));
}

TEST_P(SyslogParser, Rfc3164SubsecondsAndSingleDigitDay) {
  ParseOptions o = syslog();
  o.time_format = "%b %d %H:%M:%S.%N";
  auto p = make(o);
  Collect c = run(*p, "Feb 28 12:00:00.456 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], kExpected);
  EXPECT_EQ(c.times[0], (EventTime{this_year(2, 28, 12, 0, 0), 456000000}));
  p = make(syslog());
  c = run(*p, "Feb  5 17:32:18 10.0.0.99 Use the BFG!");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"host":"10.0.0.99","ident":"Use","message":"the BFG!"})");
  EXPECT_EQ(c.times[0].sec, this_year(2, 5, 17, 32, 18));
}

TEST_P(SyslogParser, WithPriority) {
  ParseOptions o = syslog();
  o.with_priority = true;
  auto p = make(o);
  Collect c = run(*p, "<6>Feb 28 12:00:00 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  // The regexp engine puts pri first, the string engine after host.
  EXPECT_EQ(
      c.records[0],
      string_engine()
          ? R"({"host":"192.168.0.1","pri":6,"ident":"fluentd","pid":"11111","message":"[error] Syslog test"})"
          : R"({"pri":6,"host":"192.168.0.1","ident":"fluentd","pid":"11111","message":"[error] Syslog test"})");
  c = run(*p, "<>Feb 28 12:00:00 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].rfind("invalid syslog message: '<>Feb", 0), 0u) << c.errors[0];
}

TEST_P(SyslogParser, EnginesDifferAsInFluentd) {
  auto p = make(syslog());
  Collect c = run(*p, "Aug 10 12:00:00 127.0.0.1 value1,value2,value3,value4");
  EXPECT_EQ(c.records[0],
            string_engine()
                ? R"({"host":"127.0.0.1","message":"value1,value2,value3,value4"})"
                : R"({"host":"127.0.0.1","ident":"value1,value2,value3,value4","message":""})");
  c = run(*p, "Aug 10 12:00:00 127.0.0.1 test foo:bar");
  if (string_engine()) {
    EXPECT_EQ(c.records[0], R"({"host":"127.0.0.1","ident":"test","message":"foo:bar"})");
  } else {
    EXPECT_NE(c.records[0], R"({"host":"127.0.0.1","ident":"test","message":"foo:bar"})");
  }
}

TEST_P(SyslogParser, KeepTimeKey) {
  ParseOptions o = syslog();
  o.keep_time_key = true;
  o.time_format = "%b %d %M:%S:%H";
  auto p = make(o);
  Collect c = run(*p, "Feb 28 00:00:12 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_NE(c.records[0].find(R"("time":"Feb 28 00:00:12")"), std::string::npos) << c.records[0];
  EXPECT_EQ(c.times[0].sec, this_year(2, 28, 12, 0, 0));
}

TEST_P(SyslogParser, Rfc5424) {
  ParseOptions o = syslog();
  o.message_format = "rfc5424";
  o.with_priority = true;
  auto p = make(o);
  Collect c = run(*p,
                  "<30>1 2020-03-31T20:32:54Z myhostname 02abaf0687f5 10339 02abaf0687f5 - "
                  "method=POST db=0.00");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.times[0], (EventTime{utc(2020, 3, 31, 20, 32, 54), 0}));
  EXPECT_NE(c.records[0].find(R"("host":"myhostname","ident":"02abaf0687f5","pid":"10339",)"
                              R"("msgid":"02abaf0687f5")"),
            std::string::npos)
      << c.records[0];
  EXPECT_NE(c.records[0].find(R"("extradata":"-","message":"method=POST db=0.00")"),
            std::string::npos)
      << c.records[0];
  c = run(*p, "<16>1 2017-02-06T13:14:15.003Z 192.168.0.1 fluentd - - - Hi,\nfrom\nFluentd!\n");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.times[0], (EventTime{utc(2017, 2, 6, 13, 14, 15), 3000000}));
  EXPECT_NE(c.records[0].find(R"("message":"Hi,\nfrom\nFluentd!")"), std::string::npos)
      << c.records[0];
  c = run(
      *p,
      R"(<16>1 2017-02-06T13:14:15.003Z 192.168.0.1 fluentd 11111 ID24224 [exampleSDID@20224 iut="3" eventSource="Application" eventID="11211"] Hi, from Fluentd!)");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_NE(
      c.records[0].find(
          R"("extradata":"[exampleSDID@20224 iut=\"3\" eventSource=\"Application\" eventID=\"11211\"]","message":"Hi, from Fluentd!")"),
      std::string::npos)
      << c.records[0];
}

TEST_P(SyslogParser, AutoDetectsTheFormat) {
  ParseOptions o = syslog();
  o.message_format = "auto";
  o.with_priority = true;
  auto p = make(o);
  Collect c = run(*p, "<16>Feb 28 12:00:02 192.168.0.1 fluentd[11111]: [error] Syslog test");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.times[0].sec, this_year(2, 28, 12, 0, 2));
  c = run(*p, "<16>1 2017-02-06T13:14:15.003Z 192.168.0.1 fluentd 11111 - - Hi");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.times[0], (EventTime{utc(2017, 2, 6, 13, 14, 15), 3000000}));
}

TEST_P(SyslogParser, BadTimeIsAnError) {
  auto p = make(syslog());
  Collect c = run(*p, "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.32 sched[0]: x");
  if (!string_engine()) {
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_NE(c.errors[0].find("invalid time format"), std::string::npos) << c.errors[0];
  } else {
    EXPECT_EQ(c.all.size(), 1u);  // the string engine fails one way or another
  }
  EXPECT_EQ(run(*p, "").all.size(), 1u);
  EXPECT_EQ(run(*p, "garbage").errors.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, SyslogParser, ::testing::Values("regexp", "string"));

}  // namespace
}  // namespace ferry::parse::test
