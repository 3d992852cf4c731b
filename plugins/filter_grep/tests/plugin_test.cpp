// The built filter_grep.so through the C ABI: a config text parsed and
// validated by the core against the plugin's own table, create() and
// filter() called as the host calls them.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "config/v1_parser.hpp"
#include "ferry/abi.h"
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
    const char* build = std::getenv("FERRY_BUILD_DIR");
    const std::string path = std::string(build ? build : ".") + "/lib/ferry/plugins/filter_grep.so";
    module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(module, nullptr) << dlerror();
    auto entry = reinterpret_cast<ferry_plugin_entry_fn>(dlsym(module, FERRY_PLUGIN_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    info = entry();
    api.struct_size = sizeof api;
    api.abi_major = FERRY_ABI_MAJOR;
    api.abi_minor = FERRY_ABI_MINOR;
    config::fill_config_api(api);
    api.log = &record_log;
    api.log_enabled = &log_enabled;
    api.writer_append = &record_append;
  }
  void TearDown() override {
    if (ctx) info->destroy(ctx);
    if (module) dlclose(module);
    g_recorded = nullptr;
  }

  ferry_status create(const std::string& body, std::string* error = nullptr) {
    config::Element root;
    config::Diagnostics diag;
    config::LoadOptions opts;
    config::parse_v1("<filter **>\n  @type grep\n" + body + "</filter>\n", "fluent.conf", ".", opts,
                     root, diag);
    EXPECT_FALSE(diag.has_errors());
    cfg = config::validate_params(root.children.at(0), *info->params, {}, opts, diag);
    if (!cfg) {
      if (error) *error = "validation failed";
      return FERRY_ERROR;
    }
    ferry_error err{};
    ferry_status s = info->create(&api, nullptr, cfg.get(), &ctx, &err);
    if (error) *error = err.message;
    return s;
  }

  ferry_filter_result filter(const std::string& events, uint32_t count) {
    ferry_chunk chunk{sizeof(ferry_chunk), "t",  1, reinterpret_cast<const uint8_t*>(events.data()),
                      events.size(),       count};
    ferry_error err{};
    return info->filter(ctx, &chunk, nullptr, &err);
  }

  void* module = nullptr;
  const ferry_plugin_info* info = nullptr;
  ferry_host_api api{};
  config::ConfigPtr cfg;
  void* ctx = nullptr;
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
