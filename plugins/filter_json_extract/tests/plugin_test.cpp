// The built filter_json_extract.so through the C ABI: a config text parsed
// and validated by the core against the plugin's own table, create() and
// filter() called as the host calls them, logs and error events observed
// through a recording host API.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "ferry/abi.h"
#include "plugin_harness.hpp"
#include "test_support.hpp"

namespace ferry::json_extract {
namespace {

struct Recorded {
  std::vector<std::string> debugs;
  std::vector<std::string> warnings;
  std::vector<std::string> error_reasons;
  std::string written;
  uint32_t written_count = 0;
  bool debug = true;
};
Recorded* g_recorded = nullptr;  // the C callbacks have no user pointer

void record_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  if (level == FERRY_LOG_DEBUG) g_recorded->debugs.emplace_back(msg, len);
  if (level == FERRY_LOG_WARN) g_recorded->warnings.emplace_back(msg, len);
}
int log_enabled(ferry_instance*, ferry_log_level level) {
  return level != FERRY_LOG_DEBUG || g_recorded->debug;
}
void record_error(ferry_instance*, const char*, size_t, const uint8_t*, size_t,
                  const char* reason) {
  g_recorded->error_reasons.emplace_back(reason);
}
void record_append(ferry_writer*, const uint8_t* events, size_t len, uint32_t count) {
  g_recorded->written.append(reinterpret_cast<const char*>(events), len);
  g_recorded->written_count += count;
}

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_recorded = &recorded;
    ASSERT_EQ(h.load("filter_json_extract"), "");
    info = h.info;
    h.api.log = &record_log;
    h.api.log_enabled = &log_enabled;
    h.api.emit_error = &record_error;
    h.api.writer_append = &record_append;
  }
  void TearDown() override {
    h.close();
    g_recorded = nullptr;
  }

  // Parses `<filter **> ... </filter>` and validates it with the plugin's table.
  ferry_status create(const std::string& body, std::string* error = nullptr) {
    return h.create("<filter **>\n  @type json_extract\n" + body + "</filter>\n", {}, error);
  }

  ferry_filter_result filter(const std::string& events, uint32_t count) {
    return h.filter("kafka.metrics.raw.broker", events, count);
  }

  std::vector<std::string> written() const {
    std::vector<std::string> out;
    for (auto& d : testing::decode(recorded.written)) out.push_back(d.json);
    return out;
  }

  ferry::test::PluginHarness h;
  const ferry_plugin_info* info = nullptr;
  Recorded recorded;
};

TEST_F(PluginTest, DescriptorAndTable) {
  EXPECT_EQ(info->kind, uint32_t(FERRY_KIND_FILTER));
  EXPECT_STREQ(info->type_name, "json_extract");
  std::vector<std::string> names;
  for (uint32_t i = 0; i < info->params->count; ++i) names.push_back(info->params->rows[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"source_key", "remove_source_key", "require_keys",
                                             "keep_keys", "renew_record", "on_missing", "field",
                                             "explode"}));
}

TEST_F(PluginTest, TheReferenceStepFromARealConfig) {
  ASSERT_EQ(
      create("  keep_keys hostname,timestamp\n"
             "  <field BytesIn>\n"
             "    path $.value['kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics'].Count\n"
             "  </field>\n"),
      FERRY_OK);
  ASSERT_EQ(filter(testing::event(1533793380, testing::kSeedRecord), 1), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written_count, 1u);
  EXPECT_EQ(written(), std::vector<std::string>{
                           R"({"hostname":"host1","timestamp":1533793373,"BytesIn":424114943})"});
}

TEST_F(PluginTest, ExplodeFromARealConfig) {
  ASSERT_EQ(create("  source_key message\n"
                   "  keep_keys hostname\n"
                   "  <field ts>\n    path timestamp\n    type string\n    on_missing drop\n"
                   "  </field>\n"
                   "  <explode>\n    path $.value\n    key_field mbean\n    domain_key \"\"\n"
                   "    property_prefix p_\n    attributes scalar\n  </explode>\n"),
            FERRY_OK);
  const std::string ev = testing::event_with_text(
      1, "message", R"({"value":{"d:type=t":{"Count":1,"Unit":"s"}},"timestamp":5})",
      {{"hostname", "h"}});
  ASSERT_EQ(filter(ev, 1), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(
      written(),
      std::vector<std::string>{
          R"({"hostname":"h","ts":"5","mbean":"d:type=t","p_type":"t","Count":1,"Unit":"s"})"});
}

TEST_F(PluginTest, BadJsonGoesToTheErrorStreamAndDropsAreLoggedAtDebug) {
  ASSERT_EQ(create("  source_key message\n  require_keys value\n"
                   "  <field v>\n    path value\n  </field>\n"),
            FERRY_OK);
  const std::string events = testing::event_with_text(1, "message", "{oops") +
                             testing::event_with_text(1, "message", R"({"other":1})") +
                             testing::event_with_text(1, "message", R"({"value":1})");
  ASSERT_EQ(filter(events, 3), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(written(), std::vector<std::string>{R"({"v":1})"});
  ASSERT_EQ(recorded.error_reasons.size(), 1u);
  EXPECT_EQ(recorded.error_reasons[0].rfind("source_key `message`: invalid JSON", 0), 0u);
  EXPECT_EQ(recorded.debugs, std::vector<std::string>{
                                 "dropped a record lacking the required key `value` (1 so far)"});
}

TEST_F(PluginTest, NoDebugTextIsBuiltWhenDebugIsOff) {
  recorded.debug = false;
  ASSERT_EQ(create("  require_keys value\n  <field v>\n    path value\n  </field>\n"), FERRY_OK);
  ASSERT_EQ(filter(testing::event(1, R"({"x":1})"), 1), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written_count, 0u);
  EXPECT_TRUE(recorded.debugs.empty());
}

TEST_F(PluginTest, ConfigErrorsNameFileAndLine) {
  std::string error;
  EXPECT_EQ(create("  renew_record false\n  keep_keys a\n  <field x>\n    path $.a b\n  </field>\n",
                   &error),
            FERRY_ERROR);
  EXPECT_NE(error.find("fluent.conf:1: `renew_record` must be true to use `keep_keys`"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("fluent.conf:5: <field x> path: whitespace is not allowed"),
            std::string::npos)
      << error;
}

TEST_F(PluginTest, AMalformedBatchFailsAsAWhole) {
  ASSERT_EQ(create("  <field v>\n    path value\n  </field>\n"), FERRY_OK);
  EXPECT_EQ(filter("\x92\xd7", 1), FERRY_FILTER_FAILED);
}

}  // namespace
}  // namespace ferry::json_extract
