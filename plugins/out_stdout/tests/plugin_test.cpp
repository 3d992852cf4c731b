// The built out_stdout.so through the C ABI with the core's formatters and
// injector: exact lines for <inject> and its legacy flat forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "format/format_params.hpp"
#include "format/formatter_api.hpp"
#include "format/inject_params.hpp"
#include "format/injector_api.hpp"
#include "format/json_to_msgpack.hpp"
#include "format/msgpack_writer.hpp"
#include "plugin_harness.hpp"

namespace {

struct Recorded {
  std::string device;  // what went to the log device
  std::vector<std::string> logs;
  std::vector<std::string> errors;  // reasons of error events
  std::vector<ferry_status> completed;
};
Recorded* g_recorded = nullptr;  // the C callbacks have no user pointer

void record_log(ferry_instance*, ferry_log_level, const char* msg, size_t len) {
  g_recorded->logs.emplace_back(msg, len);
}
int log_enabled(ferry_instance*, ferry_log_level) {
  return 1;
}
void record_device(ferry_instance*, const char* text, size_t len) {
  g_recorded->device.append(text, len);
}
void record_complete(ferry_instance*, uint64_t, ferry_status status, const char*) {
  g_recorded->completed.push_back(status);
}
void record_error(ferry_instance*, const char*, size_t, const uint8_t*, size_t,
                  const char* reason) {
  g_recorded->errors.emplace_back(reason);
}
const char* hostname() {
  return "box";
}

// [EventTime 2023-11-14 22:13:20.123456789 UTC, record from JSON]
std::string event(std::string_view json) {
  std::string out("\x92", 1);
  ferry::format::mp_ext(out, 0, std::string_view("\x65\x53\xf1\x00\x07\x5b\xcd\x15", 8));
  ferry::format::JsonToMsgpack conv;
  std::string error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error;
  return out;
}

constexpr const char* kPrefix = "2023-11-14 22:13:20.123456789 +0000 app.x: ";

class StdoutPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
    g_recorded = &recorded;
    ASSERT_EQ(h.load("out_stdout"), "");
    h.api.log = &record_log;
    h.api.log_enabled = &log_enabled;
    h.api.write_log_device = &record_device;
    h.api.complete = &record_complete;
    h.api.emit_error = &record_error;
    h.api.hostname = &hostname;
    ferry::format::fill_formatter_api(h.api);
    ferry::format::fill_injector_api(h.api);
  }
  void TearDown() override {
    h.close();
    g_recorded = nullptr;
  }

  // The core sections of FERRY_CAP_FORMAT | FERRY_CAP_INJECT, as the engine
  // makes them (app/core_sections.cpp).
  ferry_status create(const std::string& body, std::string* error = nullptr) {
    ferry::config::CoreSections core;
    core["format"] = &ferry::format::format_section_table();
    core["inject"] = &ferry::format::inject_section_table();
    core.flat.push_back(&ferry::format::inject_flat_table());
    return h.create("<match app.**>\n  @type stdout\n" + body + "</match>\n", core, error);
  }

  // The printed text of one batch of `records`.
  std::string write(const std::vector<std::string>& records) {
    std::string events;
    for (const std::string& r : records) events += event(r);
    recorded.device.clear();
    h.write("app.x", events, uint32_t(records.size()), 7);
    EXPECT_EQ(recorded.completed.back(), FERRY_OK);
    return recorded.device;
  }

  Recorded recorded;
  ferry::test::PluginHarness h;
};

TEST_F(StdoutPluginTest, DescriptorOptsIntoInject) {
  EXPECT_TRUE(h.info->capabilities & FERRY_CAP_FORMAT);
  EXPECT_TRUE(h.info->capabilities & FERRY_CAP_INJECT);
  for (uint32_t i = 0; i < h.info->params->count; ++i) {
    std::string name = h.info->params->rows[i].name;
    EXPECT_NE(name, "inject");
    EXPECT_NE(name, "include_tag_key");
    EXPECT_NE(name, "tag_key");
  }
}

TEST_F(StdoutPluginTest, WithoutInjectTheRecordIsPrintedAsItIs) {
  ASSERT_EQ(create(""), FERRY_OK);
  EXPECT_EQ(write({R"({"m":"x"})"}), std::string(kPrefix) + R"({"m":"x"})"
                                                            "\n");
}

TEST_F(StdoutPluginTest, InjectSection) {
  ASSERT_EQ(create("  <inject>\n    tag_key t\n    time_key ts\n    time_type string\n"
                   "    time_format %Y\n  </inject>\n"),
            FERRY_OK);
  EXPECT_EQ(write({R"({"m":"x"})", R"({"t":"old","m":"y"})"}),
            std::string(kPrefix) +
                R"({"m":"x","t":"app.x","ts":"2023"})"
                "\n" +
                kPrefix +
                R"({"t":"app.x","m":"y","ts":"2023"})"
                "\n");
}

TEST_F(StdoutPluginTest, InjectSectionWithAnotherFormat) {
  ASSERT_EQ(create("  <inject>\n    hostname_key host\n    time_key time\n  </inject>\n"
                   "  <format>\n    @type ltsv\n  </format>\n"),
            FERRY_OK);
  EXPECT_EQ(write({R"({"m":"x"})"}), "m:x\thost:box\ttime:1700000000.123456\n");
}

TEST_F(StdoutPluginTest, LegacyIncludeTagKey) {
  ASSERT_EQ(create("  include_tag_key true\n"), FERRY_OK);
  EXPECT_EQ(write({R"({"m":"x"})"}), std::string(kPrefix) + R"({"m":"x","tag":"app.x"})"
                                                            "\n");
}

TEST_F(StdoutPluginTest, LegacyIncludeTimeKey) {
  ASSERT_EQ(create("  include_time_key true\n  time_key at\n  utc true\n"), FERRY_OK);
  EXPECT_EQ(write({R"({"m":"x"})"}), std::string(kPrefix) +
                                         R"({"m":"x","at":"2023-11-14T22:13:20Z"})"
                                         "\n");
}

TEST_F(StdoutPluginTest, LegacyFormatterFormsAreStillRefused) {
  std::string error;
  EXPECT_EQ(create("  output_type ltsv\n", &error), FERRY_ERROR);
  EXPECT_EQ(error, "validation failed");
}

TEST_F(StdoutPluginTest, AMalformedEventGoesToTheErrorPath) {
  ASSERT_EQ(create("  include_tag_key true\n"), FERRY_OK);
  std::string bad = event("[1]") + event(R"({"m":"x"})");
  recorded.device.clear();
  h.write("app.x", bad, 2, 1);
  EXPECT_EQ(recorded.device, std::string(kPrefix) + R"({"m":"x","tag":"app.x"})"
                                                    "\n");
  EXPECT_THAT(recorded.errors, ::testing::ElementsAre("not a [time, record] event"));
}

}  // namespace
