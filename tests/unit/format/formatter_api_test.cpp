#include "format/formatter_api.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>
#include <vector>

#include "event/event_time.hpp"
#include "format/format_params.hpp"
#include "format/msgpack_writer.hpp"
#include "test_records.hpp"

// A <format> section for the fake host: parameter -> text.
struct ferry_config {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> arrays;
};

namespace ferry::format {
namespace {

std::vector<std::string> g_logs;

int is_set(const ferry_config* c, const char* name) {
  return c->values.count(name) || c->arrays.count(name);
}
const char* get_string(const ferry_config* c, const char* name, size_t* len) {
  auto it = c->values.find(name);
  if (it == c->values.end()) return nullptr;
  if (len) *len = it->second.size();
  return it->second.c_str();
}
int get_bool(const ferry_config* c, const char* name) {
  return c->values.at(name) == "true";
}
size_t array_size(const ferry_config* c, const char* name) {
  return c->arrays.at(name).size();
}
const char* array_item(const ferry_config* c, const char* name, size_t i, size_t* len) {
  const std::string& s = c->arrays.at(name)[i];
  *len = s.size();
  return s.c_str();
}
const char* location(const ferry_config*, const char*) {
  return "fluent.conf:7";
}
void log(ferry_instance*, ferry_log_level, const char* msg, size_t len) {
  g_logs.emplace_back(msg, len);
}

class FormatterApi : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
    g_logs.clear();
    api_.struct_size = sizeof api_;
    api_.config_is_set = is_set;
    api_.config_string = get_string;
    api_.config_bool = get_bool;
    api_.config_array_size = array_size;
    api_.config_array_item = array_item;
    api_.config_location = location;
    api_.log = log;
    fill_formatter_api(api_);
  }

  ferry_formatter* make(const ferry_config* cfg, const char* default_type, std::string* err_out) {
    ferry_error err{};
    ferry_formatter* f = api_.formatter_new(nullptr, cfg, default_type, &err);
    if (err_out) *err_out = err.message;
    return f;
  }

  std::string format(ferry_formatter* f, const std::string& event, ferry_status* status = nullptr) {
    std::string out;
    ferry_status s = api_.formatter_format(
        f, "t.x", 3, test::bytes(event), event.size(),
        [](void* user, const char* data, size_t len) {
          static_cast<std::string*>(user)->append(data, len);
        },
        &out);
    if (status) *status = s;
    return out;
  }

  static std::string event(const std::string& record_json) {
    std::string e;
    mp_array_header(e, 2);
    append_event_time(e, EventTime{1700000000, 5});
    e += test::mp(record_json);
    return e;
  }

  ferry_host_api api_{};
};

TEST_F(FormatterApi, NullSectionUsesTheDefaultType) {
  std::string err;
  ferry_formatter* f = make(nullptr, "stdout", &err);
  ASSERT_TRUE(f) << err;
  EXPECT_EQ(format(f, event(R"({"a":1})")), "2023-11-14 22:13:20.000000005 +0000 t.x: {\"a\":1}\n");
  api_.formatter_free(f);
}

TEST_F(FormatterApi, ReadsTheSection) {
  ferry_config cfg;
  cfg.values = {{"@type", "csv"}, {"force_quotes", "false"}, {"delimiter", "TAB"}};
  cfg.arrays = {{"fields", {"a", "$.b.c"}}};
  std::string err;
  ferry_formatter* f = make(&cfg, "json", &err);
  ASSERT_TRUE(f) << err;
  EXPECT_EQ(format(f, event(R"({"a":"x","b":{"c":2}})")), "x\t2\n");
  api_.formatter_free(f);
  EXPECT_TRUE(g_logs.empty());
}

TEST_F(FormatterApi, LegacyTimeAndIntegerTimes) {
  ferry_config cfg;
  cfg.values = {{"@type", "out_file"}, {"utc", "true"}};
  ferry_formatter* f = make(&cfg, "json", nullptr);
  ASSERT_TRUE(f);
  std::string e;
  mp_array_header(e, 2);
  mp_uint(e, 1700000000);
  e += test::mp(R"({"a":1})");
  EXPECT_EQ(format(f, e), "2023-11-14T22:13:20Z\tt.x\t{\"a\":1}\n");
  api_.formatter_free(f);
}

TEST_F(FormatterApi, ErrorsNameTheSection) {
  ferry_config cfg;
  cfg.values = {{"@type", "csv"}};
  std::string err;
  EXPECT_FALSE(make(&cfg, "json", &err));
  EXPECT_EQ(err, "fluent.conf:7: <format>: 'fields' parameter is required");
  cfg.values = {{"localtime", "true"}, {"utc", "true"}};
  EXPECT_FALSE(make(&cfg, "json", &err));
  EXPECT_EQ(
      err,
      "fluent.conf:7: <format>: both of utc and localtime are specified, use only one of them");
  cfg.values = {{"timezone", "JST"}};
  EXPECT_FALSE(make(&cfg, "json", &err));
  EXPECT_EQ(err, "fluent.conf:7: <format>: Unsupported timezone 'JST'");
  cfg.values = {{"time_type", "mixed"}};
  EXPECT_FALSE(make(&cfg, "json", &err));
  EXPECT_EQ(err,
            "fluent.conf:7: <format>: time_type is :mixed but time_format and "
            "time_format_fallbacks is empty.");
}

TEST_F(FormatterApi, LocaltimeFalseMeansUtc) {
  ferry_config cfg;
  cfg.values = {{"@type", "out_file"}, {"localtime", "false"}, {"utc", "true"}};
  ferry_formatter* f = make(&cfg, "json", nullptr);
  ASSERT_TRUE(f);
  EXPECT_EQ(format(f, event(R"({})")), "2023-11-14T22:13:20Z\tt.x\t{}\n");
  api_.formatter_free(f);
}

TEST_F(FormatterApi, WarnsAboutUnusedParameters) {
  ferry_config cfg;
  cfg.values = {{"@type", "json"}, {"message_key", "m"}};
  ferry_formatter* f = make(&cfg, "stdout", nullptr);
  ASSERT_TRUE(f);
  api_.formatter_free(f);
  ASSERT_EQ(g_logs.size(), 1u);
  EXPECT_EQ(g_logs[0],
            "fluent.conf:7: parameter 'message_key' in <format> is not used by the json formatter");
}

TEST_F(FormatterApi, BadEventsAreDroppedWithAReason) {
  ferry_formatter* f = make(nullptr, "json", nullptr);
  ASSERT_TRUE(f);
  ferry_status s;
  EXPECT_EQ(format(f, test::mp(R"({"not":"an event"})"), &s), "");
  EXPECT_EQ(s, FERRY_DROP);
  ASSERT_EQ(g_logs.size(), 1u);
  EXPECT_EQ(g_logs[0], "cannot format record: not a [time, record] event");
  std::string truncated = event(R"({"a":"bbbbbbbb"})");
  truncated.resize(truncated.size() - 3);
  format(f, truncated, &s);
  EXPECT_EQ(s, FERRY_DROP);
  api_.formatter_free(f);
}

TEST_F(FormatterApi, SectionTableCoversEveryFormatterParameter) {
  const ferry_param_table& t = format_section_table();
  EXPECT_EQ(t.row_size, sizeof(ferry_param));
  std::vector<std::string> names;
  for (uint32_t i = 0; i < t.count; ++i) names.push_back(t.rows[i].name);
  for (const char* want :
       {"@type", "newline", "json_parser", "add_newline", "output_type", "output_time",
        "output_tag", "delimiter", "time_type", "time_format", "localtime", "utc", "timezone",
        "message_key", "label_delimiter", "replacement", "force_quotes", "fields", "keys"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

}  // namespace
}  // namespace ferry::format
