// The built filter_parser.so through the C ABI with the core's real
// parsers: a config text validated by the core against the plugin's table
// (and the <parse> section's), create() and filter() called as the host
// calls them, error events and written events recorded.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/params.hpp"
#include "event/event_time.hpp"
#include "ferry/abi.h"
#include "format/event_stream.hpp"
#include "format/json_writer.hpp"
#include "parse/parse_params.hpp"
#include "parse/parser_api.hpp"
#include "plugin_harness.hpp"
#include "test_support.hpp"

namespace ferry::parser_filter {
namespace {

using testing::event;

struct Recorded {
  std::vector<std::string> warnings;
  std::vector<std::string> errors;         // "reason | time record" of each error event
  std::vector<std::string> error_classes;  // of each error event ("" for the default)
  std::string written;
  uint32_t written_count = 0;
};
Recorded* g_recorded = nullptr;  // the C callbacks have no user pointer

// "sec.nsec {json}" per event of a stream.
std::vector<std::string> show(std::string_view stream) {
  std::vector<std::string> out;
  const auto* p = reinterpret_cast<const uint8_t*>(stream.data());
  const uint8_t* end = p + stream.size();
  std::string_view ev, rec;
  while (p < end && format::next_event(p, end, ev)) {
    EventTime t;
    EXPECT_TRUE(format::split_event(ev, t, rec));
    std::string line = std::to_string(t.sec) + "." + std::to_string(t.nsec) + " ";
    const auto* r = reinterpret_cast<const uint8_t*>(rec.data());
    std::string error;
    EXPECT_TRUE(format::append_json(line, r, r + rec.size(), format::JsonStyle::kOj, &error));
    out.push_back(line);
  }
  return out;
}

void record_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  if (level == FERRY_LOG_WARN) g_recorded->warnings.emplace_back(msg, len);
}
int log_enabled(ferry_instance*, ferry_log_level) {
  return 1;
}
void record_append(ferry_writer*, const uint8_t* events, size_t len, uint32_t count) {
  g_recorded->written.append(reinterpret_cast<const char*>(events), len);
  g_recorded->written_count += count;
}
void record_error(ferry_instance*, const char*, size_t, const uint8_t* ev, size_t len,
                  const char* reason) {
  auto shown = show(std::string_view(reinterpret_cast<const char*>(ev), len));
  g_recorded->errors.push_back(std::string(reason) + " | " + (shown.empty() ? "?" : shown[0]));
}
void record_error_class(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* ev,
                        size_t len, const char* reason, const char* error_class) {
  record_error(inst, tag, tag_len, ev, len, reason);
  g_recorded->error_classes.emplace_back(error_class ? error_class : "");
}

constexpr const char* kNow = "now";  // stands for the wall clock in expectations

class ParserFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_recorded = &recorded;
    ASSERT_EQ(h.load("filter_parser"), "");
    parse::fill_parser_api(h.api);
    h.api.log = &record_log;
    h.api.log_enabled = &log_enabled;
    h.api.writer_append = &record_append;
    h.api.emit_error = &record_error;
    h.api.emit_error_class = &record_error_class;
  }
  void TearDown() override {
    h.close();
    g_recorded = nullptr;
  }

  ferry_status create(const std::string& body, std::string* error = nullptr) {
    config::CoreSections core;
    core["parse"] = &parse::parse_section_table();
    return h.create("<filter **>\n  @type parser\n" + body + "</filter>\n", core, error);
  }

  // Filters the events; returns them shown, the wall-clock seconds of
  // events stamped "now" replaced by kNow.
  std::vector<std::string> filter(const std::string& events, uint32_t count) {
    recorded.written.clear();
    recorded.written_count = 0;
    ferry_error err{};
    EXPECT_EQ(h.filter("t", events, count, &err), FERRY_FILTER_REWRITTEN) << err.message;
    auto shown = show(recorded.written);
    EXPECT_EQ(shown.size(), recorded.written_count);
    uint64_t now = uint64_t(EventTime::now().sec);
    for (std::string& line : shown) {
      uint64_t sec = std::stoull(line.substr(0, line.find('.')));
      if (sec + 5 >= now && sec <= now + 5) line = kNow + line.substr(line.find(' '));
    }
    return shown;
  }

  ferry::test::PluginHarness h;
  Recorded recorded;
};

using Lines = std::vector<std::string>;

const char* kJson = "  <parse>\n    @type json\n  </parse>\n";

TEST_F(ParserFilterTest, ReplacesTheRecordAndTakesNowWithoutATimeField) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"{\"a\":1,\"b\":\"x\"}","other":2})"), 1),
            Lines{"now {\"a\":1,\"b\":\"x\"}"});
  EXPECT_TRUE(recorded.errors.empty());
}

TEST_F(ParserFilterTest, TheParsedTimeBecomesTheEventTime) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"{\"time\":1600000000.25,\"a\":1}"})"), 1),
            Lines{"1600000000.250000000 {\"a\":1}"});
}

TEST_F(ParserFilterTest, ReserveTimeKeepsTheEventTime) {
  ASSERT_EQ(create("  key_name log\n  reserve_time true\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"{\"time\":1600000000,\"a\":1}"})"), 1),
            Lines{"1700000000.500000000 {\"a\":1}"});
  EXPECT_EQ(filter(event(R"({"log":"{\"a\":1}"})"), 1), Lines{"1700000000.500000000 {\"a\":1}"});
}

TEST_F(ParserFilterTest, ReserveDataMergesOverTheRecord) {
  ASSERT_EQ(create("  key_name log\n  reserve_data true\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"a":0,"log":"{\"a\":1,\"b\":2}","z":3})"), 1),
            Lines{"now {\"a\":1,\"log\":\"{\\\"a\\\":1,\\\"b\\\":2}\",\"z\":3,\"b\":2}"});
}

TEST_F(ParserFilterTest, RemoveKeyNameFieldDropsItOnSuccessOnly) {
  ASSERT_EQ(create("  key_name $.k8s.log\n  reserve_data true\n  remove_key_name_field true\n" +
                   std::string(kJson)),
            FERRY_OK);
  EXPECT_EQ(filter(event(R"({"k8s":{"log":"{\"a\":1}","ns":"x"}})"), 1),
            Lines{"now {\"k8s\":{\"ns\":\"x\"},\"a\":1}"});
  // A failed parse keeps it (and the record, with reserve_data).
  EXPECT_EQ(filter(event(R"({"k8s":{"log":"oops"}})"), 1),
            Lines{"1700000000.500000000 {\"k8s\":{\"log\":\"oops\"}}"});
}

TEST_F(ParserFilterTest, InjectKeyPrefixAndHashValueField) {
  ASSERT_EQ(create("  key_name log\n  inject_key_prefix p.\n  hash_value_field parsed\n" +
                   std::string(kJson)),
            FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"{\"a\":1}"})"), 1), Lines{"now {\"parsed\":{\"p.a\":1}}"});
}

TEST_F(ParserFilterTest, AFailedParseIsAnErrorEventAndDropped) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"not json at all"})"), 1), Lines{});
  EXPECT_EQ(recorded.errors,
            Lines{"pattern not matched with data 'not json at all' | 1700000000.500000000 "
                  "{\"log\":\"not json at all\"}"});
  EXPECT_EQ(recorded.error_classes, Lines{"Fluent::Plugin::Parser::ParserError"});
}

TEST_F(ParserFilterTest, AFailedParseWithReserveDataKeepsTheRecord) {
  ASSERT_EQ(
      create("  key_name log\n  reserve_data true\n  hash_value_field h\n" + std::string(kJson)),
      FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"nope","k":1})"), 1),
            Lines{"1700000000.500000000 {\"log\":\"nope\",\"k\":1,\"h\":{}}"});
  EXPECT_EQ(recorded.errors.size(), 1u);
}

TEST_F(ParserFilterTest, AMissingKeyIsAnErrorEventKeptOnlyWithReserveData) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"other":1})") + event(R"({"log":null})"), 2), Lines{});
  EXPECT_EQ(recorded.errors, (Lines{"log does not exist | 1700000000.500000000 {\"other\":1}",
                                    "log does not exist | 1700000000.500000000 {\"log\":null}"}));
  EXPECT_EQ(recorded.error_classes, (Lines{"ArgumentError", "ArgumentError"}));
}

TEST_F(ParserFilterTest, EmitInvalidRecordToErrorFalseIsSilent) {
  ASSERT_EQ(create("  key_name log\n  reserve_data true\n  emit_invalid_record_to_error false\n" +
                   std::string(kJson)),
            FERRY_OK);
  EXPECT_EQ(filter(event(R"({"k":1})") + event(R"({"log":"bad"})"), 2),
            (Lines{"1700000000.500000000 {\"k\":1}", "1700000000.500000000 {\"log\":\"bad\"}"}));
  EXPECT_TRUE(recorded.errors.empty());
}

TEST_F(ParserFilterTest, NonStringValuesAndScalarsOnThePathAreErrors) {
  ASSERT_EQ(create("  key_name $.a.b\n  reserve_data true\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"a":{"b":5}})") + event(R"({"a":"s"})"), 2), Lines{});
  ASSERT_EQ(recorded.errors.size(), 2u);
  EXPECT_EQ(recorded.errors[0].rfind("parse failed $.a.b is not a string", 0), 0u);
  EXPECT_EQ(recorded.errors[1].rfind("$.a.b: cannot dig into", 0), 0u);
  EXPECT_EQ(recorded.error_classes, (Lines{"Fluent::Plugin::Parser::ParserError", "TypeError"}));
}

TEST_F(ParserFilterTest, AJsonArrayGivesOneEventPerElement) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"log":"[{\"a\":1},2,{\"a\":3}]"})"), 1),
            (Lines{"now {\"a\":1}", "now {\"a\":3}"}));
  EXPECT_EQ(recorded.errors.size(), 1u);  // the element that is not an object
}

TEST_F(ParserFilterTest, ReplaceInvalidSequenceScrubsBeforeParsing) {
  ASSERT_EQ(create("  key_name log\n  replace_invalid_sequence true\n"
                   "  <parse>\n    @type regexp\n    expression /^(?<w>.+) end$/\n  </parse>\n"),
            FERRY_OK);
  std::string ev = std::string("\x92\xd7\x00\x65\x53\xf1\x00\x1d\xcd\x65\x00", 11) +
                   "\x81\xa3log\xa7"
                   "ab\xff"
                   " end";
  EXPECT_EQ(filter(ev, 1), Lines{"now {\"w\":\"ab?\"}"});
}

TEST_F(ParserFilterTest, LegacyFormatParameter) {
  ASSERT_EQ(create("  key_name msg\n  format /^(?<level>\\w+): (?<text>.*)$/\n"), FERRY_OK);
  EXPECT_EQ(filter(event(R"({"msg":"WARN: disk low"})"), 1),
            Lines{"now {\"level\":\"WARN\",\"text\":\"disk low\"}"});
}

TEST_F(ParserFilterTest, ConfigErrors) {
  std::string error;
  EXPECT_EQ(create("  key_name log\n", &error), FERRY_ERROR);
  EXPECT_EQ(error, "fluent.conf:1: <parse> section is required");
  EXPECT_EQ(create("  key_name $.a b\n" + std::string(kJson), &error), FERRY_ERROR);
  EXPECT_NE(error.find("fluent.conf:3"), std::string::npos) << error;
  EXPECT_EQ(create("  key_name log\n  <parse>\n    @type nosuch\n  </parse>\n", &error),
            FERRY_ERROR);
  EXPECT_NE(error.find("nosuch"), std::string::npos) << error;
}

TEST_F(ParserFilterTest, AMalformedBatchFailsAsAWhole) {
  ASSERT_EQ(create("  key_name log\n" + std::string(kJson)), FERRY_OK);
  EXPECT_EQ(h.filter("t", std::string_view("\x92\x01", 2), 1), FERRY_FILTER_FAILED);
}

}  // namespace
}  // namespace ferry::parser_filter
