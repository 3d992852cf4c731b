// The ABI side: parser_new/parse/feed and extractor_* through a fake host
// config, used via the SDK's ferry::Parser / ferry::Extractor.
#include "parse/parser_api.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "event/event_time.hpp"
#include "ferry/parser.hpp"
#include "format/json_writer.hpp"
#include "parse/parse_params.hpp"

// A section for the fake host: parameter -> text, arrays, hashes.
struct ferry_config {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> arrays;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> hashes;
};

namespace ferry {
namespace {

using parse::extract_section_table;
using parse::fill_parser_api;
using parse::parse_section_table;

std::vector<std::string> g_logs;

int is_set(const ferry_config* c, const char* n) {
  return c->values.count(n) || c->arrays.count(n) || c->hashes.count(n);
}
const char* get_string(const ferry_config* c, const char* n, size_t* len) {
  auto it = c->values.find(n);
  if (it == c->values.end()) return nullptr;
  *len = it->second.size();
  return it->second.c_str();
}
int get_bool(const ferry_config* c, const char* n) {
  return c->values.at(n) == "true";
}
size_t array_size(const ferry_config* c, const char* n) {
  return c->arrays.at(n).size();
}
const char* array_item(const ferry_config* c, const char* n, size_t i, size_t* len) {
  *len = c->arrays.at(n)[i].size();
  return c->arrays.at(n)[i].c_str();
}
size_t hash_size(const ferry_config* c, const char* n) {
  return c->hashes.at(n).size();
}
const char* hash_key(const ferry_config* c, const char* n, size_t i, size_t* len) {
  *len = c->hashes.at(n)[i].first.size();
  return c->hashes.at(n)[i].first.c_str();
}
const char* hash_value(const ferry_config* c, const char* n, size_t i, size_t* len) {
  *len = c->hashes.at(n)[i].second.size();
  return c->hashes.at(n)[i].second.c_str();
}
const char* location(const ferry_config*, const char*) {
  return "fluent.conf:12";
}
void log(ferry_instance*, ferry_log_level, const char* msg, size_t len) {
  g_logs.emplace_back(msg, len);
}

std::string record_json(std::string_view event) {
  std::string json, error;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(event.data()) + 11;
  EXPECT_TRUE(format::append_json(json, p, p + event.size() - 11, format::JsonStyle::kOj, &error));
  return json;
}

class ParserApi : public ::testing::Test {
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
    api_.config_hash_size = hash_size;
    api_.config_hash_key = hash_key;
    api_.config_hash_value = hash_value;
    api_.config_location = location;
    api_.log = log;
    fill_parser_api(api_);
  }
  Host host() { return Host(&api_, nullptr); }

  // Parses and collects "record" / "error: ..." lines.
  std::vector<std::string> parse(Parser& p, std::string_view text, ferry_status* s = nullptr) {
    std::vector<std::string> out;
    ferry_status st = p.parse(text, [&](const Parsed& r) {
      out.push_back(r.ok() ? record_json(r.event) : "error: " + std::string(r.error));
    });
    if (s) *s = st;
    return out;
  }

  ferry_host_api api_{};
};

TEST_F(ParserApi, SectionValuesReachTheParser) {
  ferry_config cfg;
  cfg.values["@type"] = "csv";
  cfg.arrays["keys"] = {"a", "b", "c"};
  cfg.hashes["types"] = {{"b", "integer"}};
  cfg.values["null_empty_string"] = "true";
  Parser p(host(), &cfg, "none");
  ferry_status s;
  EXPECT_EQ(parse(p, "x,12,", &s), std::vector<std::string>{R"({"a":"x","b":12,"c":null})"});
  EXPECT_EQ(s, FERRY_OK);
  EXPECT_EQ(parse(p, "x,\"y", &s)[0].rfind("error: Unclosed quoted field", 0), 0u);
  EXPECT_EQ(s, FERRY_DROP);
}

TEST_F(ParserApi, DefaultTypeAndPluginDefaults) {
  // in_exec's <parse> defaults: tsv, no time_key, float time, no estimate.
  ferry_config cfg;
  cfg.arrays["keys"] = {"t", "v"};
  cfg.values["time_key"] = "t";
  Parser p(host(), &cfg, "tsv",
           "@type tsv\ntime_key\ntime_type float\nestimate_current_event false");
  bool time_set = false;
  std::string event;
  p.parse("1362020400.5\tx", [&](const Parsed& r) {
    time_set = r.time_set;
    event = std::string(r.event);
  });
  EXPECT_TRUE(time_set);
  EventTime t;
  ASSERT_TRUE(read_event_time(reinterpret_cast<const uint8_t*>(event.data()) + 1, 10, t));
  EXPECT_EQ(t, (EventTime{1362020400, 500000000}));
  EXPECT_EQ(record_json(event), R"({"v":"x"})");
  // Without time_key: no time (estimate_current_event false from the plugin).
  ferry_config bare;
  bare.arrays["keys"] = {"v"};
  Parser q(host(), &bare, "tsv", "time_key\ntime_type float\nestimate_current_event false");
  q.parse("x", [&](const Parsed& r) { time_set = r.time_set; });
  EXPECT_FALSE(time_set);
}

TEST_F(ParserApi, PluginDefaultsBeatTheParsersOwn) {
  // in_exec with json: time_key nil from the plugin, so "time" stays.
  ferry_config cfg;
  cfg.values["@type"] = "json";
  Parser p(host(), &cfg, "tsv", "time_key\ntime_type float\nestimate_current_event false");
  std::vector<std::string> out;
  bool time_set = true;
  p.parse(R"({"time":5,"a":1})", [&](const Parsed& r) {
    out.push_back(record_json(r.event));
    time_set = r.time_set;
  });
  EXPECT_EQ(out, std::vector<std::string>{R"({"time":5,"a":1})"});
  EXPECT_FALSE(time_set);
}

TEST_F(ParserApi, WrittenTimeFormatMakesTimeTypeString) {
  ferry_config cfg;
  cfg.values["@type"] = "json";
  cfg.values["time_format"] = "%Y-%m-%d";
  Parser p(host(), &cfg, nullptr, "time_type float");
  std::string event;
  p.parse(R"({"time":"2013-02-28"})", [&](const Parsed& r) { event = std::string(r.event); });
  EventTime t;
  ASSERT_TRUE(read_event_time(reinterpret_cast<const uint8_t*>(event.data()) + 1, 10, t));
  EXPECT_EQ(t.sec, 1362009600u);
}

TEST_F(ParserApi, ConfigErrorsNameTheLocation) {
  ferry_config cfg;
  cfg.values["@type"] = "regexp";
  cfg.values["expression"] = "/(no named group)/";
  try {
    Parser p(host(), &cfg, nullptr);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "fluent.conf:12: <parse>: No named captures in 'expression' parameter. The regexp "
              "must have at least one named capture");
  }
  ferry_config both;
  both.values["@type"] = "none";
  both.values["localtime"] = "true";
  both.values["utc"] = "true";
  EXPECT_THROW(Parser(host(), &both, nullptr), ConfigError);
  ferry_config mixed;
  mixed.values["@type"] = "none";
  mixed.values["time_type"] = "mixed";
  EXPECT_THROW(Parser(host(), &mixed, nullptr), ConfigError);
  ferry_error err{};
  EXPECT_EQ(api_.parser_new(nullptr, nullptr, "none", "no_such_param 1", &err), nullptr);
  EXPECT_NE(std::string(err.message).find("no_such_param"), std::string::npos);
}

TEST_F(ParserApi, UnusedParametersAreLoggedAsWarnings) {
  ferry_config cfg;
  cfg.values["@type"] = "json";
  cfg.values["message_key"] = "m";
  cfg.arrays["keys"] = {"a"};
  Parser p(host(), &cfg, nullptr);
  ASSERT_EQ(g_logs.size(), 2u);
  EXPECT_EQ(g_logs[0],
            "fluent.conf:12: parameter 'keys' in <parse> is not used by the json parser");
  EXPECT_EQ(g_logs[1],
            "fluent.conf:12: parameter 'message_key' in <parse> is not used by the json parser");
}

TEST_F(ParserApi, FeedStreamsLines) {
  Parser p(host(), nullptr, "none");
  std::vector<std::string> out;
  auto collect = [&](const Parsed& r) { out.push_back(record_json(r.event)); };
  p.feed("a\nb", false, collect);
  EXPECT_EQ(out.size(), 1u);
  p.feed("c\n", false, collect);
  p.feed("d", true, collect);
  EXPECT_EQ(out, (std::vector<std::string>{R"({"message":"a"})", R"({"message":"bc"})",
                                           R"({"message":"d"})"}));
}

TEST_F(ParserApi, CallbackExceptionsAreRethrown) {
  Parser p(host(), nullptr, "none");
  int calls = 0;
  EXPECT_THROW(p.feed("a\nb\nc\n", false,
                      [&](const Parsed&) {
                        ++calls;
                        throw std::runtime_error("stop");
                      }),
               std::runtime_error);
  EXPECT_EQ(calls, 1);
}

TEST_F(ParserApi, ExtractTagAndTime) {
  ferry_config parse_cfg;
  parse_cfg.values["@type"] = "json";
  Parser p(host(), &parse_cfg, nullptr, "time_key\nestimate_current_event false");
  ferry_config ex;
  ex.values["tag_key"] = "tag";
  ex.values["time_key"] = "ts";
  ex.values["time_type"] = "unixtime";
  Extractor x(host(), &ex);
  std::vector<std::string> out;
  p.parse(R"({"tag":"app.log","ts":"1362020400","v":1})", [&](const Parsed& r) {
    Extracted e = x.apply(r.event, r.time_set);
    ASSERT_TRUE(e.ok) << e.error;
    ASSERT_TRUE(e.has_tag);
    EventTime t;
    read_event_time(reinterpret_cast<const uint8_t*>(e.event.data()) + 1, 10, t);
    out.push_back(std::string(e.tag) + " " + std::to_string(t.sec) + " " + record_json(e.event));
  });
  EXPECT_EQ(out, std::vector<std::string>{R"(app.log 1362020400 {"v":1})"});
  // A bad time field is an error; a missing one means now.
  p.parse(R"({"ts":{"x":1}})", [&](const Parsed& r) {
    Extracted e = x.apply(r.event, r.time_set);
    EXPECT_FALSE(e.ok);
    EXPECT_NE(e.error.find("value must be a string or a number"), std::string::npos);
  });
  uint32_t before = EventTime::now().sec;
  p.parse(R"({"v":2})", [&](const Parsed& r) {
    Extracted e = x.apply(r.event, r.time_set);
    ASSERT_TRUE(e.ok);
    EXPECT_FALSE(e.has_tag);
    EventTime t;
    read_event_time(reinterpret_cast<const uint8_t*>(e.event.data()) + 1, 10, t);
    EXPECT_GE(t.sec, before);
  });
}

TEST_F(ParserApi, ExtractKeepsKeysAndParserTimeWins) {
  ferry_config ex;
  ex.values["tag_key"] = "tag";
  ex.values["keep_tag_key"] = "true";
  ex.values["time_key"] = "ts";
  Extractor x(host(), &ex);
  Parser p(host(), nullptr, "json");
  p.parse(R"({"time":5,"tag":7,"ts":"99.5"})", [&](const Parsed& r) {
    Extracted e = x.apply(r.event, r.time_set);
    ASSERT_TRUE(e.ok);
    EXPECT_EQ(e.tag, "7");
    EventTime t;
    read_event_time(reinterpret_cast<const uint8_t*>(e.event.data()) + 1, 10, t);
    EXPECT_EQ(t, (EventTime{5, 0}));  // the parser's time: ts is not looked at
    EXPECT_EQ(record_json(e.event), R"({"tag":7,"ts":"99.5"})");
  });
  ferry_config warn;
  warn.values["time_format"] = "%s";
  Extractor w(host(), &warn);
  ASSERT_EQ(g_logs.size(), 1u);
  EXPECT_EQ(g_logs[0],
            "fluent.conf:12: 'time_format' specified without 'time_key', will be ignored");
}

TEST(ParseParams, TablesHoldTheUnionOfParameters) {
  const ferry_param_table& t = parse_section_table();
  std::vector<std::string> names;
  for (uint32_t i = 0; i < t.count; ++i) names.push_back(t.rows[i].name);
  for (const char* n : {"@type", "types", "time_key", "time_type", "time_format", "keep_time_key",
                        "null_value_pattern", "estimate_current_event", "keys", "expression",
                        "message_key", "with_priority", "message_format", "label_delimiter"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
  const ferry_param_table& x = extract_section_table();
  EXPECT_EQ(std::string(x.rows[0].name), "tag_key");
}

}  // namespace
}  // namespace ferry
