// format::Injector on MessagePack events: which keys, in which order, with
// which values, as Fluentd's inject_values_to_record gives them.
#include "format/injector.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "inject_test_support.hpp"

namespace ferry::format {
namespace {

using test::event;
using test::record_json;
using TimeType = InjectOptions::TimeType;

// 2023-11-14 22:13:20 UTC, with nanoseconds.
constexpr uint32_t kSec = 1700000000;
constexpr uint32_t kNsec = 123456789;

class InjectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
  }
  void TearDown() override {
    unsetenv("TZ");
    tzset();
  }

  std::string inject(const InjectOptions& o, std::string_view json, std::string_view tag = "app.x",
                     uint32_t sec = kSec, uint32_t nsec = kNsec) {
    std::string error;
    auto x = Injector::create(o, &error);
    EXPECT_TRUE(x) << error;
    if (!x) return error;
    std::string out = "prefix";  // apply appends
    EXPECT_TRUE(x->apply(tag, event(sec, nsec, json), out));
    EXPECT_EQ(out.substr(0, 6), "prefix");
    return record_json(std::string_view(out).substr(6));
  }
  static InjectOptions time_as(TimeType type) {
    InjectOptions o;
    o.time_key = "t";
    o.time_type = type;
    return o;
  }
};

TEST_F(InjectorTest, NothingConfiguredIsDisabled) {
  std::string error;
  auto x = Injector::create(InjectOptions{}, &error);
  ASSERT_TRUE(x);
  EXPECT_FALSE(x->enabled());
}

TEST_F(InjectorTest, KeysAreAddedInFluentdsOrder) {
  InjectOptions o;
  o.time_key = "time";
  o.tag_key = "tag";
  o.worker_id_key = "worker";
  o.hostname_key = "host";
  o.hostname = "web1";
  EXPECT_EQ(inject(o, R"({"a":1})"),
            R"({"a":1,"host":"web1","worker":0,"tag":"app.x","time":1700000000.123456})");
}

TEST_F(InjectorTest, AnExistingKeyKeepsItsPlaceAndTakesTheNewValue) {
  InjectOptions o;
  o.tag_key = "tag";
  o.hostname_key = "b";
  o.hostname = "h";
  EXPECT_EQ(inject(o, R"({"tag":"old","a":{"n":[1,2]},"b":null,"c":3})"),
            R"({"tag":"app.x","a":{"n":[1,2]},"b":"h","c":3})");
}

TEST_F(InjectorTest, TwoInjectedKeysOfOneNameAreOneEntryWithTheLaterValue) {
  InjectOptions o;
  o.hostname_key = "k";
  o.hostname = "h";
  o.tag_key = "k";
  o.time_key = "z";
  o.time_type = TimeType::kUnixtime;
  EXPECT_EQ(inject(o, R"({"a":1})"), R"({"a":1,"k":"app.x","z":1700000000})");
}

TEST_F(InjectorTest, EmptyRecordAndNonStringKeys) {
  InjectOptions o;
  o.tag_key = "tag";
  EXPECT_EQ(inject(o, "{}"), R"({"tag":"app.x"})");
  // A map with an integer key 1 and a bin key "tag" (ASCII: the same Ruby
  // Hash key as "tag").
  std::string rec;
  mp_map_header(rec, 2);
  mp_uint(rec, 1);
  mp_str(rec, "one");
  mp_bin(rec, "tag");
  mp_str(rec, "old");
  std::string ev = event(kSec, 0, "{}");
  ev.resize(ev.size() - 1);
  ev += rec;
  std::string error, out;
  auto x = Injector::create(o, &error);
  ASSERT_TRUE(x->apply("t", ev, out));
  std::string expected = ev.substr(0, ev.size() - rec.size());
  mp_map_header(expected, 2);
  mp_uint(expected, 1);
  mp_str(expected, "one");
  mp_bin(expected, "tag");
  mp_str(expected, "t");
  EXPECT_EQ(out, expected);
}

TEST_F(InjectorTest, ManyKeysAndATagThatChanges) {
  // 16 pairs (map16 header) growing to 17; the tag value follows the tag.
  std::string json = "{";
  for (int i = 0; i < 16; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + "1";
  json += "}";
  InjectOptions o;
  o.tag_key = "tag";
  std::string error;
  auto x = Injector::create(o, &error);
  std::string out1, out2;
  ASSERT_TRUE(x->apply("first", event(kSec, 0, json), out1));
  ASSERT_TRUE(x->apply("second", event(kSec, 0, json), out2));
  EXPECT_EQ(record_json(out1), json.substr(0, json.size() - 1) + R"(,"tag":"first"})");
  EXPECT_EQ(record_json(out2), json.substr(0, json.size() - 1) + R"(,"tag":"second"})");
}

TEST_F(InjectorTest, TheEventTimeIsKept) {
  InjectOptions o;
  o.tag_key = "tag";
  std::string error, out;
  auto x = Injector::create(o, &error);
  std::string in = event(kSec, kNsec, "{}");
  ASSERT_TRUE(x->apply("t", in, out));
  EXPECT_EQ(out.substr(0, 11), in.substr(0, 11));
  // A legacy integer time and a non-minimal array header.
  std::string legacy("\xdc\x00\x02\xce\x65\x53\xf1\x00\x80", 9);
  out.clear();
  ASSERT_TRUE(x->apply("t", legacy, out));
  EXPECT_EQ(out, std::string("\x92\xce\x65\x53\xf1\x00\x81\xa3tag\xa1t", 13));
}

TEST_F(InjectorTest, MalformedEventsAreRefusedAndOutIsLeftAsItWas) {
  InjectOptions o;
  o.tag_key = "tag";
  std::string error;
  auto x = Injector::create(o, &error);
  std::string out = "kept";
  EXPECT_FALSE(x->apply("t", std::string("\x92\x01", 2), out));
  EXPECT_FALSE(x->apply("t", event(kSec, 0, "[1,2]"), out));
  std::string truncated = event(kSec, 0, R"({"a":"bcd"})");
  truncated.resize(truncated.size() - 2);
  EXPECT_FALSE(x->apply("t", truncated, out));
  EXPECT_EQ(out, "kept");
}

TEST_F(InjectorTest, FloatTimeIsCutToMicroseconds) {
  // time.to_r.truncate(6).to_f
  EXPECT_EQ(inject(time_as(TimeType::kFloat), "{}"), R"({"t":1700000000.123456})");
  EXPECT_EQ(inject(time_as(TimeType::kFloat), "{}", "t", kSec, 999999999),
            R"({"t":1700000000.999999})");
  EXPECT_EQ(inject(time_as(TimeType::kFloat), "{}", "t", kSec, 0), R"({"t":1700000000.0})");
  EXPECT_EQ(inject(time_as(TimeType::kFloat), "{}", "t", 0, 1000), R"({"t":1.0e-06})");
}

TEST_F(InjectorTest, IntegerTimes) {
  EXPECT_EQ(inject(time_as(TimeType::kUnixtime), "{}"), R"({"t":1700000000})");
  EXPECT_EQ(inject(time_as(TimeType::kUnixtimeMillis), "{}"), R"({"t":1700000000123})");
  EXPECT_EQ(inject(time_as(TimeType::kUnixtimeMicros), "{}"), R"({"t":1700000000123456})");
  EXPECT_EQ(inject(time_as(TimeType::kUnixtimeNanos), "{}"), R"({"t":1700000000123456789})");
}

TEST_F(InjectorTest, StringTimes) {
  InjectOptions o = time_as(TimeType::kString);
  // Defaults: ISO 8601 in local time (TZ is Asia/Tokyo here).
  EXPECT_EQ(inject(o, "{}"), R"({"t":"2023-11-15T07:13:20+09:00"})");
  o.time.localtime = false;
  EXPECT_EQ(inject(o, "{}"), R"({"t":"2023-11-14T22:13:20Z"})");
  o.time.format = "%Y-%m-%d %H:%M:%S.%L";
  EXPECT_EQ(inject(o, "{}"), R"({"t":"2023-11-14 22:13:20.123"})");
  o.time.timezone = "-05:00";
  o.time.format = "%H:%M:%S.%N %z";
  EXPECT_EQ(inject(o, "{}"), R"({"t":"17:13:20.123456789 -0500"})");
  o.time.format.reset();
  EXPECT_EQ(inject(o, "{}"), R"({"t":"2023-11-14T17:13:20-05:00"})");
}

TEST_F(InjectorTest, AnUnsupportedTimezoneIsAnError) {
  InjectOptions o = time_as(TimeType::kString);
  o.time.timezone = "Mars/Olympus";
  std::string error;
  EXPECT_FALSE(Injector::create(o, &error));
  EXPECT_NE(error.find("Mars/Olympus"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferry::format
