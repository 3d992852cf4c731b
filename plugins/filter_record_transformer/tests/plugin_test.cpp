// The built filter_record_transformer.so through the C ABI: a config text
// parsed and validated by the core against the plugin's own table, create()
// and filter() called as the host calls them, warnings and error events
// observed through a recording host API.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "ferry/abi.h"
#include "plugin_harness.hpp"
#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

struct Recorded {
  std::vector<std::string> warnings;
  std::vector<std::string> error_reasons;
  std::vector<std::string> error_classes;  // "" for the default
  std::string written;
  uint32_t written_count = 0;
};
Recorded* g_recorded = nullptr;  // the C callbacks have no user pointer

void record_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  if (level == FERRY_LOG_WARN) g_recorded->warnings.emplace_back(msg, len);
}
int log_enabled(ferry_instance*, ferry_log_level) {
  return 1;
}
void record_error(ferry_instance*, const char*, size_t, const uint8_t*, size_t,
                  const char* reason) {
  g_recorded->error_reasons.emplace_back(reason);
}
void record_error_class(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* ev,
                        size_t len, const char* reason, const char* error_class) {
  record_error(inst, tag, tag_len, ev, len, reason);
  g_recorded->error_classes.emplace_back(error_class ? error_class : "");
}
void record_append(ferry_writer*, const uint8_t* events, size_t len, uint32_t count) {
  g_recorded->written.append(reinterpret_cast<const char*>(events), len);
  g_recorded->written_count += count;
}
const char* hostname() {
  return "<HOSTNAME>";
}

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::use_utc();
    g_recorded = &recorded;
    ASSERT_EQ(h.load("filter_record_transformer"), "");
    info = h.info;
    h.api.log = &record_log;
    h.api.log_enabled = &log_enabled;
    h.api.emit_error = &record_error;
    h.api.emit_error_class = &record_error_class;
    h.api.writer_append = &record_append;
    h.api.hostname = &hostname;
  }
  void TearDown() override {
    h.close();
    g_recorded = nullptr;
  }

  // Parses `<filter **> ... </filter>` and validates it with the plugin's table.
  ferry_status create(const std::string& body, std::string* error = nullptr) {
    ferry_status s =
        h.create("<filter **>\n  @type record_transformer\n" + body + "</filter>\n", {}, error);
    EXPECT_NE(h.cfg, nullptr);
    return s;
  }

  ferry_filter_result filter(std::string_view tag, const std::string& events, uint32_t count) {
    return h.filter(tag, events, count);
  }

  ferry::test::PluginHarness h;
  const ferry_plugin_info* info = nullptr;
  Recorded recorded;
};

TEST_F(PluginTest, DescriptorAndTable) {
  EXPECT_EQ(info->kind, uint32_t(FERRY_KIND_FILTER));
  EXPECT_STREQ(info->type_name, "record_transformer");
  std::vector<std::string> names;
  for (uint32_t i = 0; i < info->params->count; ++i) names.push_back(info->params->rows[i].name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"remove_keys", "keep_keys", "renew_record", "renew_time_key",
                                      "enable_ruby", "auto_typecast", "record"}));
}

TEST_F(PluginTest, RewritesABatchFromARealConfig) {
  ASSERT_EQ(create("  remove_keys drop,$.n.x\n"
                   "  <record>\n    host ${hostname}\n    tag ${tag_parts[-1]}\n  </record>\n"
                   "  <record>\n    host again ${record[\"u\"]}\n  </record>\n"),
            FERRY_OK);
  const std::string events = testing::event(1700000000, R"({"u":"a","drop":1,"n":{"x":1,"y":2}})") +
                             testing::event(1700000001, R"({"v":2})");
  ASSERT_EQ(filter("app.web", events, 2), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written_count, 2u);
  auto out = testing::decode(recorded.written);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].json, R"({"u":"a","n":{"y":2},"host":"again a","tag":"web"})");
  EXPECT_EQ(out[1].json, R"({"v":2,"host":"again ","tag":"web"})");
  EXPECT_EQ(recorded.warnings,
            std::vector<std::string>{R"(unknown placeholder `${record["u"]}` found)"});
}

TEST_F(PluginTest, NothingToDoPassesTheBatchUnchanged) {
  ASSERT_EQ(create(""), FERRY_OK);
  EXPECT_EQ(filter("t", testing::event(1, R"({"a":1})"), 1), FERRY_FILTER_UNCHANGED);
}

TEST_F(PluginTest, RubyFailuresBecomeErrorEvents) {
  ASSERT_EQ(create("  enable_ruby true\n  <record>\n    up ${record[\"n\"].upcase}\n  </record>\n"),
            FERRY_OK);
  ASSERT_EQ(filter("t", testing::event(1, R"({"n":"x"})") + testing::event(1, R"({})"), 2),
            FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written_count, 1u);
  ASSERT_EQ(recorded.error_reasons.size(), 1u);
  EXPECT_NE(recorded.error_reasons[0].find("undefined method `upcase' for nil:NilClass"),
            std::string::npos);
  EXPECT_EQ(recorded.error_classes, std::vector<std::string>{"RuntimeError"});
}

TEST_F(PluginTest, UnsupportedRubyIsALoadErrorNamingFileAndLine) {
  std::string error;
  EXPECT_EQ(create("  enable_ruby true\n  <record>\n    a ${record.map}\n  </record>\n", &error),
            FERRY_ERROR);
  EXPECT_NE(error.find("fluent.conf:5"), std::string::npos) << error;
  EXPECT_NE(error.find("${record.map}"), std::string::npos) << error;
}

TEST_F(PluginTest, KeepKeysWithoutRenewRecordIsALoadError) {
  std::string error;
  EXPECT_EQ(create("  keep_keys a,b\n", &error), FERRY_ERROR);
  EXPECT_NE(error.find("`renew_record` must be true to use `keep_keys`"), std::string::npos);
  EXPECT_NE(error.find("fluent.conf:3"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferry::record_transformer
