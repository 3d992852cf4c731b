#pragma once
// Helpers for parser tests: build a parser from options, run it, and show
// each event as "<sec>.<nsec> <record as JSON>" (or "error: <message>").
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "format/json_writer.hpp"
#include "parse/parser.hpp"

namespace ferry::parse::test {

// Records what a parser reports.
class Collect : public ParseSink {
 public:
  void on_event(std::string_view event, bool has_time) override {
    EventTime t;
    EXPECT_TRUE(
        read_event_time(reinterpret_cast<const uint8_t*>(event.data()) + 1, event.size() - 1, t));
    EXPECT_EQ(uint8_t(event[0]), 0x92);
    std::string json;
    std::string error;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(event.data()) + kRecordOffset;
    EXPECT_TRUE(format::append_json(json, p, p + (event.size() - kRecordOffset),
                                    format::JsonStyle::kOj, &error))
        << error;
    times.push_back(t);
    time_set.push_back(has_time);
    records.push_back(json);
    all.push_back(json);
  }
  void on_error(std::string_view message) override {
    errors.emplace_back(message);
    all.push_back("error: " + std::string(message));
  }

  std::vector<EventTime> times;
  std::vector<bool> time_set;
  std::vector<std::string> records;
  std::vector<std::string> errors;
  std::vector<std::string> all;  // records and errors in order
};

inline std::unique_ptr<Parser> make(const ParseOptions& o) {
  std::string error;
  auto p = make_parser(o, &error);
  EXPECT_TRUE(p) << error;
  return p;
}

inline std::string make_error(const ParseOptions& o) {
  std::string error;
  auto p = make_parser(o, &error);
  EXPECT_FALSE(p);
  return error;
}

inline Collect run(Parser& p, std::string_view text) {
  Collect c;
  p.parse(text, c);
  return c;
}

inline ParseOptions options(const char* type) {
  ParseOptions o;
  o.type = type;
  return o;
}

// Epoch seconds of a UTC wall clock, for expected times.
inline uint32_t utc(int y, int mo, int d, int h, int mi, int s) {
  struct tm tm = {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return uint32_t(timegm(&tm));
}

// Runs the test body in a fixed local zone.
class InZone : public ::testing::Test {
 protected:
  void SetUp() override { set_tz("UTC"); }
  void TearDown() override { set_tz("UTC"); }
  static void set_tz(const char* tz) {
    setenv("TZ", tz, 1);
    tzset();
  }
};

}  // namespace ferry::parse::test
