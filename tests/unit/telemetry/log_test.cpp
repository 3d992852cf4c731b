// The process log: Fluentd's text and JSON line formats, levels, the -o
// file and its reopen after rotation, raw writes on the same device.
#include "telemetry/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(set_output(dir_.file("ferry.log")));
    set_level(Level::Info);
    set_json(false);
    set_time_format("");
  }
  void TearDown() override {
    set_output("");
    set_json(false);
    set_time_format("");
    set_level(Level::Info);
  }
  std::string text() { return test::read_file(dir_.file("ferry.log")); }
  test::TempDir dir_;
};

TEST_F(LogTest, TextLineHasFluentdShape) {
  Context ctx{"out_es", -1};
  warn("failed to flush", &ctx);
  write(Level::Error, "config error", nullptr, /*worker=*/false);
  std::string t = text();
  EXPECT_TRUE(std::regex_search(
      t,
      std::regex(
          R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \[warn\]: #0 \[out_es\] failed to flush\n)")))
      << t;
  EXPECT_TRUE(std::regex_search(
      t, std::regex(R"(\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \[error\]: config error\n$)")))
      << t;
}

TEST_F(LogTest, GlobalLevelFiltersAndPluginLevelOverrides) {
  set_level(Level::Warn);
  info("hidden");
  Context chatty{"", int(Level::Debug)};
  debug("shown by plugin level", &chatty);
  Context quiet{"", int(Level::Error)};
  warn("hidden by plugin level", &quiet);
  std::string t = text();
  EXPECT_EQ(t.find("hidden"), std::string::npos) << t;
  EXPECT_NE(t.find("[debug]: #0 shown by plugin level"), std::string::npos) << t;
  EXPECT_FALSE(enabled(Level::Info));
  EXPECT_TRUE(enabled(Level::Fatal));
}

TEST_F(LogTest, JsonFormat) {
  set_json(true);
  Context ctx{"in_tail", -1};
  info("say \"hi\"\n", &ctx);
  write(Level::Warn, "no worker", nullptr, false);
  std::string t = text();
  EXPECT_TRUE(std::regex_search(
      t,
      std::regex(
          R"(^\{"time":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}","level":"info","message":"\[in_tail\] say \\"hi\\"\\n","worker_id":0\}\n)")))
      << t;
  EXPECT_NE(t.find(R"("level":"warn","message":"no worker"})"), std::string::npos) << t;
}

TEST_F(LogTest, RubyTimeFormatExtensions) {
  setenv("TZ", "UTC", 1);
  tzset();
  set_time_format("%Y-%m-%dT%H:%M:%S.%L%:z|%N|%6N");
  // 2023-11-14 22:13:20.123456789 UTC
  EXPECT_EQ(format_time(1700000000123456789LL), "2023-11-14T22:13:20.123+00:00|123456789|123456");
  set_time_format("");
  EXPECT_EQ(format_time(1700000000123456789LL), "2023-11-14 22:13:20 +0000");
}

TEST_F(LogTest, ReopenFollowsRotation) {
  info("before rotation");
  ASSERT_EQ(::rename(dir_.file("ferry.log").c_str(), dir_.file("ferry.log.1").c_str()), 0);
  info("still to the old file");
  ASSERT_TRUE(reopen());
  info("after reopen");
  std::string old_text = test::read_file(dir_.file("ferry.log.1"));
  std::string new_text = text();
  EXPECT_NE(old_text.find("before rotation"), std::string::npos);
  EXPECT_NE(old_text.find("still to the old file"), std::string::npos);
  EXPECT_EQ(new_text.find("before rotation"), std::string::npos);
  EXPECT_NE(new_text.find("after reopen"), std::string::npos);
}

TEST_F(LogTest, FailedOutputKeepsPreviousTarget) {
  EXPECT_FALSE(set_output(dir_.file("no/such/dir/x.log")));
  info("kept");
  EXPECT_NE(text().find("kept"), std::string::npos);
}

TEST_F(LogTest, RawWritesShareTheDevice) {
  write_raw("2023-11-14 22:13:20.000000000 +0000 app: {\"a\":1}\n");
  info("after");
  std::string t = text();
  EXPECT_EQ(t.rfind("2023-11-14 22:13:20.000000000 +0000 app: {\"a\":1}\n", 0), 0u) << t;
  EXPECT_NE(t.find("[info]: #0 after"), std::string::npos);
}

TEST(LogLevels, ParseAndName) {
  Level l;
  ASSERT_TRUE(parse_level("trace", l));
  EXPECT_EQ(l, Level::Trace);
  ASSERT_TRUE(parse_level("fatal", l));
  EXPECT_EQ(l, Level::Fatal);
  EXPECT_FALSE(parse_level("verbose", l));
  EXPECT_STREQ(level_name(Level::Warn), "warn");
}

}  // namespace
}  // namespace ferry::log
