// The host API side of <inject>: injector_new reading a directive validated
// by the real config layer (the <inject> section, or Fluentd's legacy flat
// parameters as compat_parameters converts them), then apply.
#include "format/injector_api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "config/v1_parser.hpp"
#include "format/inject_params.hpp"
#include "inject_test_support.hpp"

namespace ferry::format {
namespace {

using test::event;
using test::record_json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> g_logs;

void record_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  g_logs.push_back(std::string(level == FERRY_LOG_WARN ? "warn: " : "info: ") +
                   std::string(msg, len));
}
const char* test_hostname() {
  return "ferry-host";
}

// A plugin with one parameter of its own besides the core's.
constexpr ferry_param kOwnRows[] = {
    {"path", FERRY_PARAM_STRING, 0, nullptr, "own", nullptr, nullptr, nullptr, 0, 0},
};
constexpr ferry_param_table kOwn{sizeof(ferry_param), 1, kOwnRows, 0};

class InjectorApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
    g_logs.clear();
    api_.struct_size = sizeof api_;
    config::fill_config_api(api_);
    api_.log = &record_log;
    api_.hostname = &test_hostname;
    fill_injector_api(api_);
  }
  void TearDown() override {
    if (x_) api_.injector_free(x_);
    unsetenv("TZ");
    tzset();
  }

  // Validates `<match app.**> body </match>` as the engine does for a
  // FERRY_CAP_INJECT plugin, then makes its injector. Returns the error
  // message ("" on success).
  std::string make(const std::string& body) {
    config::Element root;
    config::LoadOptions opts;
    config::parse_v1("<match app.**>\n  @type demo\n" + body + "</match>\n", "fluent.conf", ".",
                     opts, root, diag_);
    config::CoreSections core;
    core["inject"] = &inject_section_table();
    core.flat.push_back(&inject_flat_table());
    cfg_ = config::validate_params(root.children.at(0), kOwn, core, opts, diag_);
    if (!cfg_) return "invalid config";
    ferry_error err{};
    x_ = api_.injector_new(nullptr, cfg_.get(), &err);
    return x_ ? "" : err.message;
  }

  // The record of `json` at 2023-11-14 22:13:20.123456789 UTC after apply.
  std::string apply(std::string_view json, std::string_view tag = "app.x") {
    std::string in = event(1700000000, 123456789, json);
    const uint8_t* out = nullptr;
    size_t len = 0;
    EXPECT_EQ(
        api_.injector_apply(x_, tag.data(), tag.size(), reinterpret_cast<const uint8_t*>(in.data()),
                            in.size(), &out, &len),
        FERRY_OK);
    return record_json(std::string_view(reinterpret_cast<const char*>(out), len));
  }
  bool enabled() const { return api_.injector_enabled(x_) != 0; }

  ferry_host_api api_{};
  config::Diagnostics diag_;
  config::ConfigPtr cfg_;
  ferry_injector* x_ = nullptr;
};

TEST_F(InjectorApiTest, NoInjectMeansTheEventIsHandedBack) {
  ASSERT_EQ(make("  path /tmp/x\n"), "");
  EXPECT_FALSE(enabled());
  std::string in = event(1, 0, R"({"a":1})");
  const uint8_t* out = nullptr;
  size_t len = 0;
  ASSERT_EQ(api_.injector_apply(x_, "t", 1, reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                                &out, &len),
            FERRY_OK);
  EXPECT_EQ(out, reinterpret_cast<const uint8_t*>(in.data()));
  EXPECT_EQ(len, in.size());
}

TEST_F(InjectorApiTest, InjectSection) {
  ASSERT_EQ(make("  <inject>\n    tag_key t\n    time_key ts\n    time_type string\n"
                 "    time_format %Y\n  </inject>\n"),
            "");
  EXPECT_TRUE(enabled());
  EXPECT_EQ(apply(R"({"m":"x"})"), R"({"m":"x","t":"app.x","ts":"2023"})");
  EXPECT_THAT(g_logs, IsEmpty());
}

TEST_F(InjectorApiTest, InjectSectionDefaults) {
  // time_type float; hostname from the host, logged as Fluentd logs it.
  ASSERT_EQ(make("  <inject>\n    time_key time\n    hostname_key host\n"
                 "    worker_id_key wid\n  </inject>\n"),
            "");
  EXPECT_EQ(apply("{}"), R"({"host":"ferry-host","wid":0,"time":1700000000.123456})");
  EXPECT_THAT(g_logs, ElementsAre("info: using hostname for specified field host_key=\"host\" "
                                  "host_name=\"ferry-host\""));
}

TEST_F(InjectorApiTest, InjectSectionHostnameAndTimeTypes) {
  ASSERT_EQ(make("  <inject>\n    hostname_key h\n    hostname given\n    time_key t\n"
                 "    time_type unixtime_millis\n  </inject>\n"),
            "");
  EXPECT_EQ(apply("{}"), R"({"h":"given","t":1700000000123})");
  EXPECT_THAT(g_logs, IsEmpty());
}

TEST_F(InjectorApiTest, InjectSectionLocaltimeUtcAndTimezone) {
  // Plain config_params in <inject>: both may be written; utc wins.
  ASSERT_EQ(make("  <inject>\n    time_key t\n    time_type string\n    localtime true\n"
                 "    utc true\n  </inject>\n"),
            "");
  EXPECT_EQ(apply("{}"), R"({"t":"2023-11-14T22:13:20Z"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  <inject>\n    time_key t\n    time_type string\n    timezone Asia/Tokyo\n"
                 "    time_format %H:%M %Z\n  </inject>\n"),
            "");
  // Fluentd moves the time to the zone's offset (Time#localtime(offset)),
  // which has no zone name: %Z is empty.
  EXPECT_EQ(apply("{}"), R"({"t":"07:13 "})");
}

TEST_F(InjectorApiTest, BadInjectSections) {
  EXPECT_EQ(make("  <inject>\n    time_key t\n    time_type string\n    timezone Nowhere/X\n"
                 "  </inject>\n"),
            "fluent.conf:6: <inject>: Unsupported timezone 'Nowhere/X'");
  EXPECT_EQ(make("  <inject>\n    time_type weekly\n  </inject>\n"), "invalid config");
  EXPECT_EQ(make("  <inject>\n  </inject>\n  <inject>\n  </inject>\n"), "invalid config");
}

TEST_F(InjectorApiTest, TimeFormatWithoutTimeKeyIsIgnoredWithAWarning) {
  ASSERT_EQ(make("  <inject>\n    tag_key tag\n    time_format %Y\n  </inject>\n"), "");
  EXPECT_EQ(apply("{}"), R"({"tag":"app.x"})");
  EXPECT_THAT(g_logs,
              ElementsAre("warn: 'time_format' specified without 'time_key', will be ignored"));
}

TEST_F(InjectorApiTest, LegacyIncludeTagKey) {
  ASSERT_EQ(make("  include_tag_key true\n"), "");
  EXPECT_EQ(apply(R"({"a":1})"), R"({"a":1,"tag":"app.x"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  include_tag_key true\n  tag_key tg\n"), "");
  EXPECT_EQ(apply(R"({"a":1})"), R"({"a":1,"tg":"app.x"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  include_tag_key false\n"), "");
  EXPECT_FALSE(enabled());
}

TEST_F(InjectorApiTest, LegacyIncludeTimeKeyIsAStringTime) {
  ASSERT_EQ(make("  include_time_key true\n"), "");
  EXPECT_EQ(apply("{}"), R"({"time":"2023-11-14T22:13:20+00:00"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  include_time_key true\n  time_key at\n  time_format %s\n  utc true\n"), "");
  EXPECT_EQ(apply("{}"), R"({"at":"1700000000"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  include_time_key true\n  localtime false\n"), "");
  EXPECT_EQ(apply("{}"), R"({"time":"2023-11-14T22:13:20Z"})");
  api_.injector_free(std::exchange(x_, nullptr));
  ASSERT_EQ(make("  include_time_key true\n  timezone +09:00\n"), "");
  EXPECT_EQ(apply("{}"), R"({"time":"2023-11-15T07:13:20+09:00"})");
}

TEST_F(InjectorApiTest, LegacyTimeKeyAloneIsAFloatTime) {
  // compat_parameters copies time_key into <inject>; time_type stays float.
  ASSERT_EQ(make("  time_key at\n"), "");
  EXPECT_EQ(apply("{}"), R"({"at":1700000000.123456})");
}

TEST_F(InjectorApiTest, LegacyTimeAsEpoch) {
  // Alone it converts nothing (not one of INJECT_PARAMS) ...
  ASSERT_EQ(make("  time_as_epoch true\n"), "");
  EXPECT_FALSE(enabled());
  EXPECT_THAT(g_logs, ElementsAre("warn: fluent.conf:3: parameter 'time_as_epoch' is not used"));
  api_.injector_free(std::exchange(x_, nullptr));
  // ... with one, the time is unixtime, even over include_time_key's string.
  ASSERT_EQ(make("  include_time_key true\n  time_as_epoch true\n"), "");
  EXPECT_EQ(apply("{}"), R"({"time":1700000000})");
}

TEST_F(InjectorApiTest, LegacyUnsupportedTimezoneNamesItsLine) {
  EXPECT_EQ(make("  include_time_key true\n  timezone Nowhere/X\n"),
            "fluent.conf:4: Unsupported timezone 'Nowhere/X'");
}

TEST_F(InjectorApiTest, LegacyLocaltimeAndUtcTogetherAreAnError) {
  EXPECT_EQ(make("  include_time_key true\n  localtime false\n  utc true\n"),
            "fluent.conf:5: both of utc and localtime are specified, use only one of them");
}

TEST_F(InjectorApiTest, AnInjectSectionWinsOverLegacyParameters) {
  ASSERT_EQ(make("  include_tag_key true\n  <inject>\n    time_key t\n    time_type unixtime\n"
                 "  </inject>\n"),
            "");
  EXPECT_EQ(apply("{}"), R"({"t":1700000000})");
  EXPECT_THAT(g_logs, ElementsAre("warn: fluent.conf:3: parameter 'include_tag_key' is not used: "
                                  "the <inject> section is used instead"));
}

TEST_F(InjectorApiTest, ResultsStayValidUntilTheNextApply) {
  ASSERT_EQ(make("  include_tag_key true\n"), "");
  std::string in = event(1, 0, "{}");
  const uint8_t* out = nullptr;
  size_t len = 0;
  ASSERT_EQ(api_.injector_apply(x_, "a", 1, reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                                &out, &len),
            FERRY_OK);
  EXPECT_EQ(record_json(std::string_view(reinterpret_cast<const char*>(out), len)),
            R"({"tag":"a"})");
  EXPECT_EQ(
      api_.injector_apply(x_, "a", 1, reinterpret_cast<const uint8_t*>("\x92"), 1, &out, &len),
      FERRY_DROP);
}

}  // namespace
}  // namespace ferry::format
