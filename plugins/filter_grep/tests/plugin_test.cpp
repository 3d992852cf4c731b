// The built filter_grep.so through the C ABI: a config text parsed and
// validated by the core against the plugin's own table, create() and
// filter() called as the host calls them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "ferry/abi.h"
#include "plugin_harness.hpp"
#include "test_support.hpp"

namespace ferry::grep {
namespace {

struct Recorded {
  std::vector<std::string> infos;
  std::vector<std::string> warnings;
  std::string written;
  uint32_t written_count = 0;
  int appends = 0;
};
Recorded* g_recorded = nullptr;  // the C callbacks have no user pointer

void record_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  if (level == FERRY_LOG_INFO) g_recorded->infos.emplace_back(msg, len);
  if (level == FERRY_LOG_WARN) g_recorded->warnings.emplace_back(msg, len);
}
int log_enabled(ferry_instance*, ferry_log_level) {
  return 1;
}
void record_append(ferry_writer*, const uint8_t* events, size_t len, uint32_t count) {
  g_recorded->written.append(reinterpret_cast<const char*>(events), len);
  g_recorded->written_count += count;
  ++g_recorded->appends;
}

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_recorded = &recorded;
    ASSERT_EQ(h.load("filter_grep"), "");
    info = h.info;
    h.api.log = &record_log;
    h.api.log_enabled = &log_enabled;
    h.api.writer_append = &record_append;
  }
  void TearDown() override {
    h.close();
    g_recorded = nullptr;
  }

  ferry_status create(const std::string& body, std::string* error = nullptr) {
    return h.create("<filter **>\n  @type grep\n" + body + "</filter>\n", {}, error);
  }

  ferry_filter_result filter(const std::string& events, uint32_t count) {
    return h.filter("t", events, count);
  }

  ferry::test::PluginHarness h;
  const ferry_plugin_info* info = nullptr;
  Recorded recorded;
};

const char* kDocumented =
    "  <regexp>\n    key message\n    pattern /cool/\n  </regexp>\n"
    "  <regexp>\n    key hostname\n    pattern /^web\\d+\\.example\\.com$/\n  </regexp>\n"
    "  <exclude>\n    key message\n    pattern /uncool/\n  </exclude>\n";

TEST_F(PluginTest, DescriptorAndTable) {
  EXPECT_EQ(info->kind, uint32_t(FERRY_KIND_FILTER));
  EXPECT_STREQ(info->type_name, "grep");
  ASSERT_EQ(info->params->count, 44u);
  EXPECT_STREQ(info->params->rows[0].name, "regexp1");
  EXPECT_STREQ(info->params->rows[19].name, "regexp20");
  EXPECT_STREQ(info->params->rows[20].name, "exclude1");
  EXPECT_STREQ(info->params->rows[40].name, "regexp");
  EXPECT_STREQ(info->params->rows[43].name, "or");
}

TEST_F(PluginTest, KeepsMatchingEventsInOrder) {
  ASSERT_EQ(create(kDocumented), FERRY_OK);
  EXPECT_EQ(recorded.infos, std::vector<std::string>{
                                "Top level multiple <regexp> is interpreted as 'and' condition"});
  const std::string a =
      testing::event(R"({"message":"It's cool outside today","hostname":"web001.example.com"})");
  const std::string b =
      testing::event(R"({"message":"That's not cool","hostname":"web1337.example.com"})");
  const std::string x = testing::event(
      R"({"message":"I am cool but you are uncool","hostname":"db001.example.com"})");
  const std::string y = testing::event(R"({"hostname":"web001.example.com"})");
  ASSERT_EQ(filter(x + a + b + y + a, 5), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written, a + b + a);
  EXPECT_EQ(recorded.written_count, 3u);
  EXPECT_EQ(recorded.appends, 2);  // adjacent kept events go back as one run
}

TEST_F(PluginTest, EveryEventPassingLeavesTheBatchUnchanged) {
  ASSERT_EQ(create(kDocumented), FERRY_OK);
  const std::string a = testing::event(R"({"message":"cool","hostname":"web1.example.com"})");
  EXPECT_EQ(filter(a + a, 2), FERRY_FILTER_UNCHANGED);
  EXPECT_EQ(filter("", 0), FERRY_FILTER_UNCHANGED);
  EXPECT_EQ(recorded.appends, 0);
}

TEST_F(PluginTest, NoEventPassingIsAnEmptyRewrite) {
  ASSERT_EQ(create(kDocumented), FERRY_OK);
  EXPECT_EQ(filter(testing::event(R"({"message":"nope"})"), 1), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written_count, 0u);
}

TEST_F(PluginTest, NoConditionsPassEverything) {
  ASSERT_EQ(create(""), FERRY_OK);
  EXPECT_EQ(filter(testing::event(R"({"a":1})"), 1), FERRY_FILTER_UNCHANGED);
}

TEST_F(PluginTest, AndOrSectionsAndLegacyParameters) {
  ASSERT_EQ(
      create("  regexp1 level ^(warn|error)$\n"
             "  <or>\n    <regexp>\n      key $.k8s.ns\n      pattern /^prod/\n    </regexp>\n"
             "    <regexp>\n      key team\n      pattern /^sre$/i\n    </regexp>\n  </or>\n"),
      FERRY_OK);
  const std::string keep1 = testing::event(R"({"level":"warn","k8s":{"ns":"prod-eu"}})");
  const std::string keep2 = testing::event(R"({"level":"error","team":"SRE"})");
  const std::string drop1 = testing::event(R"({"level":"info","k8s":{"ns":"prod-eu"}})");
  const std::string drop2 = testing::event(R"({"level":"warn","k8s":{"ns":"dev"}})");
  ASSERT_EQ(filter(keep1 + drop1 + keep2 + drop2, 4), FERRY_FILTER_REWRITTEN);
  EXPECT_EQ(recorded.written, keep1 + keep2);
}

TEST_F(PluginTest, DiggingIntoAScalarKeepsTheEventWithAWarning) {
  ASSERT_EQ(create("  <regexp>\n    key $.a.b\n    pattern x\n  </regexp>\n"), FERRY_OK);
  EXPECT_EQ(filter(testing::event(R"({"a":"s"})"), 1), FERRY_FILTER_UNCHANGED);
  EXPECT_EQ(
      recorded.warnings,
      std::vector<std::string>{
          R"(failed to grep events error_class=TypeError error="String does not have #dig method")"});
}

TEST_F(PluginTest, ConfigErrorsNameFileAndLine) {
  std::string error;
  EXPECT_EQ(create("  <and>\n    <regexp>\n      key a\n      pattern x\n    </regexp>\n"
                   "    <exclude>\n      key b\n      pattern y\n    </exclude>\n  </and>\n",
                   &error),
            FERRY_ERROR);
  EXPECT_EQ(error, "fluent.conf:3: Do not specify both <regexp> and <exclude> in <and>");
}

TEST_F(PluginTest, AMalformedBatchFailsAsAWhole) {
  ASSERT_EQ(create(kDocumented), FERRY_OK);
  EXPECT_EQ(filter("\x92\x01", 1), FERRY_FILTER_FAILED);
}

}  // namespace
}  // namespace ferry::grep
