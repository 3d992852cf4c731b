// Field mode: one output record per input record, built from keep_keys and
// <field> sections.
#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.hpp"

namespace ferry::json_extract {
namespace {

using testing::field;
using testing::RecordingSink;
using testing::run;
using testing::run_json;

constexpr const char* kBytesIn =
    "$.value['kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics'].Count";

Settings reference_step() {
  Settings s;
  s.keep_keys = {"hostname", "timestamp"};
  s.fields = {field("BytesIn", kBytesIn)};
  return s;
}

TEST(FieldModeTest, TheReferenceStepFromTheJolokiaRecord) {
  RecordingSink sink;
  auto out = run_json(reference_step(), {std::string(testing::kSeedRecord)}, sink);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], R"({"hostname":"host1","timestamp":1533793373,"BytesIn":424114943})");
  EXPECT_TRUE(sink.errors.empty());
}

TEST(FieldModeTest, EventTimeIsKept) {
  RecordingSink sink;
  Extractor x(reference_step());
  std::string out;
  ASSERT_EQ(x.run(testing::event(1700000123, testing::kSeedRecord), out, sink), 1u);
  EXPECT_EQ(testing::decode(out)[0].sec, 1700000123u);
}

TEST(FieldModeTest, SourceKeyHoldingJsonTextIsParsed) {
  Settings s;
  s.source_key = "message";
  s.keep_keys = {"hostname"};
  s.fields = {field("timestamp", "$.timestamp"), field("BytesIn", kBytesIn)};
  // The Jolokia answer as received from curl, plus the hostname added upstream.
  std::string jolokia(testing::kSeedRecord);
  RecordingSink sink;
  auto out = run(s, testing::event_with_text(1, "message", jolokia, {{"hostname", "host1"}}), sink);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], R"({"hostname":"host1","timestamp":1533793373,"BytesIn":424114943})");
}

TEST(FieldModeTest, SourceKeyPathToAMapIsReadInPlace) {
  Settings s;
  s.source_key = "$.payload.body";
  s.fields = {field("n", "$.a[1]"), field("last", "$.a[-1]")};
  RecordingSink sink;
  auto out = run_json(s, {R"({"payload":{"body":{"a":[10,20,30]}}})"}, sink);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], R"({"n":20,"last":30})");
}

TEST(FieldModeTest, InvalidJsonGoesToTheErrorStreamAndTheBatchGoesOn) {
  Settings s;
  s.source_key = "message";
  s.fields = {field("a", "$.a")};
  const std::string bad = testing::event_with_text(1, "message", R"({"a":1,)");
  const std::string good = testing::event_with_text(2, "message", R"({"a":2})");
  RecordingSink sink;
  Extractor x(s);
  std::string out;
  ASSERT_EQ(x.run(bad + good, out, sink), 1u);
  EXPECT_EQ(testing::decode(out)[0].json, R"({"a":2})");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].first, bad);  // the event as received
  EXPECT_EQ(sink.errors[0].second.rfind("source_key `message`: invalid JSON: ", 0), 0u)
      << sink.errors[0].second;
  EXPECT_EQ(x.stats().errors, 1u);
}

TEST(FieldModeTest, MissingOrUnusableSourceKeyIsAnErrorEvent) {
  Settings s;
  s.source_key = "message";
  s.fields = {field("a", "$.a")};
  RecordingSink sink;
  auto out = run_json(s, {R"({"other":1})", R"({"message":null})", R"({"message":5})"}, sink);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(sink.errors.size(), 3u);
  EXPECT_EQ(sink.errors[0].second, "source_key `message` does not exist");
  EXPECT_EQ(sink.errors[1].second, "source_key `message` does not exist");
  EXPECT_EQ(sink.errors[2].second, "source_key `message` holds neither a JSON text nor a map");
}

TEST(FieldModeTest, IntegersBeyond64BitsInJsonTextAreAnErrorEvent) {
  // simdjson's DOM refuses them; no JVM metric needs them.
  Settings s;
  s.source_key = "m";
  s.fields = {field("a", "a")};
  RecordingSink sink;
  EXPECT_TRUE(
      run(s, testing::event_with_text(1, "m", R"({"a":18446744073709551616})"), sink).empty());
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second, "source_key `m`: invalid JSON: Problem while parsing a number");
}

TEST(FieldModeTest, DeepJsonIsRefusedNotACrash) {
  Settings s;
  s.source_key = "m";
  s.fields = {field("a", "$.a")};
  RecordingSink sink;
  auto out = run(s, testing::event_with_text(1, "m", std::string(100000, '[')), sink);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(sink.errors.size(), 1u);
}

TEST(FieldModeTest, RequireKeysDropsCountsAndLogsAtDebug) {
  Settings s = reference_step();
  s.require_keys = {"value", "$.request.mbean"};
  RecordingSink sink;
  Extractor x(s);
  std::string out;
  const std::string events = testing::event(1, testing::kSeedRecord) +
                             testing::event(1, R"({"error":"x","status":404,"hostname":"h"})") +
                             testing::event(1, R"({"value":{},"request":{},"hostname":"h"})");
  ASSERT_EQ(x.run(events, out, sink), 1u);
  EXPECT_EQ(x.stats().dropped_required, 2u);
  EXPECT_EQ(sink.debugs,
            (std::vector<std::string>{
                "dropped a record lacking the required key `value` (1 so far)",
                "dropped a record lacking the required key `$.request.mbean` (2 so far)"}));
}

TEST(FieldModeTest, RequireKeysTreatNullAsMissing) {
  Settings s;
  s.require_keys = {"a"};
  s.fields = {field("b", "b")};
  RecordingSink sink;
  EXPECT_TRUE(run_json(s, {R"({"a":null,"b":1})"}, sink).empty());
}

TEST(FieldModeTest, OnMissingSkipNullDrop) {
  const std::string rec = R"({"a":1,"s":"text"})";
  RecordingSink sink;
  Settings s;
  s.fields = {field("a", "a"), field("x", "$.no.such"), field("y", "$.s.deeper")};
  s.on_missing = OnMissing::kSkip;
  EXPECT_EQ(run_json(s, {rec}, sink), std::vector<std::string>{R"({"a":1})"});
  s.on_missing = OnMissing::kNull;
  EXPECT_EQ(run_json(s, {rec}, sink), std::vector<std::string>{R"({"a":1,"x":null,"y":null})"});
  s.on_missing = OnMissing::kDrop;
  Extractor x(s);
  std::string out;
  EXPECT_EQ(x.run(testing::event(1, rec), out, sink), 0u);
  EXPECT_EQ(x.stats().dropped_missing, 1u);
  EXPECT_EQ(sink.debugs.back(), "dropped a record with nothing for the field `x` (1 so far)");
}

TEST(FieldModeTest, PerFieldOnMissingOverridesTheFilters) {
  Settings s;
  s.on_missing = OnMissing::kDrop;
  s.fields = {field("a", "a"), field("x", "x", FieldType::kAsIs, OnMissing::kNull),
              field("y", "y", FieldType::kAsIs, OnMissing::kSkip)};
  RecordingSink sink;
  EXPECT_EQ(run_json(s, {R"({"a":1})"}, sink), std::vector<std::string>{R"({"a":1,"x":null})"});
  EXPECT_TRUE(run_json(s, {R"({"x":1})"}, sink).empty());
}

TEST(FieldModeTest, TypesConvertAndAFailedConversionCountsAsMissing) {
  Settings s;
  s.on_missing = OnMissing::kNull;
  s.fields = {field("i", "$.v.count", FieldType::kInteger),
              field("f", "$.v.rate", FieldType::kFloat),
              field("s", "$.v.rate", FieldType::kString),
              field("b", "$.v.up", FieldType::kBool),
              field("m", "$.v.map", FieldType::kString),
              field("bad", "$.v.unit", FieldType::kInteger),
              field("badmap", "$.v.map", FieldType::kInteger),
              field("raw", "$.v.map")};
  RecordingSink sink;
  auto out = run_json(
      s,
      {R"({"v":{"count":"42","rate":2.2e-5,"up":"yes","unit":"SECONDS","map":{"a":[1,2.5,null]}}})"},
      sink);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(
      out[0],
      R"({"i":42,"f":2.2e-05,"s":"2.2e-05","b":true,"m":"{\"a\":[1,2.5,null]}","bad":null,"badmap":null,"raw":{"a":[1,2.5,null]}})");
}

TEST(FieldModeTest, JsonSourceConvertsLikeMsgpackSource) {
  // The same fields over the same data as a JSON text and as a map.
  const std::string data =
      R"({"v":{"count":"42","rate":2.2e-5,"big":18446744073709551615,"neg":-3,"t":true,"map":{"a":[1,2.5,null]}}})";
  Settings s;
  s.fields = {field("i", "$.v.count", FieldType::kInteger),
              field("r", "$.v.rate"),
              field("big", "$.v.big"),
              field("neg", "$.v.neg"),
              field("t", "$.v.t"),
              field("m", "$.v.map", FieldType::kString),
              field("raw", "$.v.map")};
  RecordingSink sink;
  const std::string expected =
      R"({"i":42,"r":2.2e-05,"big":18446744073709551615,"neg":-3,"t":true,"m":"{\"a\":[1,2.5,null]}","raw":{"a":[1,2.5,null]}})";
  s.source_key = "message";
  EXPECT_EQ(run(s, testing::event_with_text(1, "message", data), sink),
            std::vector<std::string>{expected});
  s.source_key = "$.message";
  EXPECT_EQ(run_json(s, {R"({"message":)" + data + "}"}, sink), std::vector<std::string>{expected});
  EXPECT_TRUE(sink.errors.empty());
}

TEST(FieldModeTest, DuplicatedJsonKeysReadTheLastAsRubyDoes) {
  Settings s;
  s.source_key = "m";
  s.fields = {field("a", "a")};
  RecordingSink sink;
  EXPECT_EQ(run(s, testing::event_with_text(1, "m", R"({"a":1,"a":2})"), sink),
            std::vector<std::string>{R"({"a":2})"});
}

TEST(FieldModeTest, RenewRecordFalseKeepsTheRecordAndSetsFieldsInPlace) {
  Settings s;
  s.renew_record = false;
  s.source_key = "message";
  s.fields = {field("level", "$.lvl"), field("host", "$.h")};
  RecordingSink sink;
  const std::string ev =
      testing::event_with_text(1, "host", "old", {{"message", R"({"lvl":"warn","h":"web-1"})"}});
  EXPECT_EQ(
      run(s, ev, sink),
      std::vector<std::string>{
          R"({"host":"web-1","message":"{\"lvl\":\"warn\",\"h\":\"web-1\"}","level":"warn"})"});
  s.remove_source_key = true;
  EXPECT_EQ(run(s, ev, sink), std::vector<std::string>{R"({"host":"web-1","level":"warn"})"});
}

TEST(FieldModeTest, KeepKeysMissingFromTheRecordAreLeftOut) {
  Settings s;
  s.keep_keys = {"absent", "b", "a"};
  s.fields = {field("c", "c")};
  RecordingSink sink;
  EXPECT_EQ(run_json(s, {R"({"a":1,"b":[2],"c":3})"}, sink),
            std::vector<std::string>{R"({"b":[2],"a":1,"c":3})"});
}

TEST(FieldModeTest, ARecordThatIsNotAMapIsAnErrorEvent) {
  Settings s;
  s.fields = {field("a", "a")};
  RecordingSink sink;
  std::string out;
  Extractor x(s);
  EXPECT_EQ(x.run(testing::event(1, "[1,2]") + testing::event(1, R"({"a":1})"), out, sink), 1u);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second, "the record is not a map");
}

TEST(FieldModeTest, AMalformedBatchThrows) {
  Settings s;
  s.fields = {field("a", "a")};
  RecordingSink sink;
  Extractor x(s);
  std::string out;
  std::string events = testing::event(1, R"({"a":"some text"})");
  events.resize(events.size() - 3);
  EXPECT_THROW(x.run(events, out, sink), std::runtime_error);
  EXPECT_THROW(x.run("\x93\x01\x02\x03", out, sink), std::runtime_error);
}

TEST(FieldModeTest, ConfigurationErrorsAreAllReportedWithTheirPlace) {
  Settings s;
  s.location = "fluent.conf:3";
  s.renew_record = false;
  s.keep_keys = {"a", "a"};
  s.require_keys = {"$.x y"};
  s.remove_source_key = true;
  s.fields = {field("a", "$.ok"), field("a", "$['bad"), field("", "x")};
  EXPECT_EQ(testing::config_error(s),
            "fluent.conf:3: remove_source_key needs source_key\n"
            "fluent.conf:3: require_keys: whitespace is not allowed in a dot key (use ['...']) in "
            "path: $.x y\n"
            "fluent.conf:3: `renew_record` must be true to use `keep_keys`\n"
            "fluent.conf:3: keep_keys lists `a` twice\n"
            "fluent.conf:9: <field a> would overwrite the keep_keys entry `a`\n"
            "fluent.conf:9: <field a> is given twice\n"
            "fluent.conf:9: <field a> would overwrite the keep_keys entry `a`\n"
            "fluent.conf:9: <field a> path: incomplete bracket in path: $['bad\n"
            "fluent.conf:9: <field> needs a name: <field NAME>");
}

TEST(FieldModeTest, NothingToExtractIsAConfigError) {
  Settings s;
  s.location = "fluent.conf:3";
  s.keep_keys = {"a"};
  EXPECT_EQ(testing::config_error(s),
            "fluent.conf:3: nothing to extract: add <field NAME> sections or an <explode> section");
  s.fields = {field("b", "b")};
  s.source_key = "$.m.n";
  s.renew_record = false;
  s.keep_keys.clear();
  s.remove_source_key = true;
  EXPECT_EQ(testing::config_error(s),
            "fluent.conf:3: remove_source_key needs a top-level source_key, not the path $.m.n");
  s.renew_record = true;
  EXPECT_NE(testing::config_error(s).find("remove_source_key applies only with renew_record false"),
            std::string::npos);
}

TEST(FieldModeTest, NoAllocationOnceWarm) {
  // The output and working buffers are reused: a second identical batch
  // leaves the output capacity where the first put it.
  Settings s = reference_step();
  RecordingSink sink;
  Extractor x(s);
  std::string out;
  const std::string events = testing::event(1, testing::kSeedRecord);
  x.run(events, out, sink);
  const size_t first = out.size();
  out.clear();
  const size_t capacity = out.capacity();
  x.run(events, out, sink);
  EXPECT_EQ(out.size(), first);
  EXPECT_EQ(out.capacity(), capacity);
}

}  // namespace
}  // namespace ferry::json_extract
