// Explode over the recorded-looking Jolokia answer of a whole broker
// (tests/fixtures/jolokia): the records json_extract gives for
// pipeline.conf's settings, against expected_extract.txt, which the
// fixture's generator computes on its own in Python.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::json_extract {
namespace {

using testing::field;
using testing::RecordingSink;

// pipeline.conf's <filter> @type json_extract.
Settings pipeline(std::optional<std::string> source_key = std::nullopt) {
  Settings s;
  s.source_key = std::move(source_key);
  s.keep_keys = {"hostname"};
  s.require_keys = {"value"};
  s.fields = {field("timestamp", "$.timestamp", FieldType::kInteger)};
  ExplodeSettings x;
  x.path = "$.value";
  s.explode = x;
  return s;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::vector<std::string> records_of(const std::string& out) {
  std::vector<std::string> json;
  for (auto& d : testing::decode(out, format::JsonStyle::kRubyJson)) json.push_back(d.json);
  return json;
}

class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture = testing::read_file(testing::fixture_dir() + "/kafka_server_read.json");
    ASSERT_GT(fixture.size(), 50000u);
    while (!fixture.empty() && fixture.back() == '\n') fixture.pop_back();
  }

  // What in_exec's json parser and record_transformer make of the answer:
  // the parsed answer plus topic and hostname at the end.
  std::string parsed_event() const {
    std::string json = fixture;
    json.pop_back();  // the closing brace
    json += R"(,"topic":"kafka.metrics","hostname":"host1"})";
    return testing::event(1533793380, json);
  }

  std::string fixture;
};

TEST_F(FixtureTest, PipelineStepGivesTheExpectedRecords) {
  RecordingSink sink;
  Extractor x(pipeline());
  std::string out;
  const uint32_t n = x.run(parsed_event(), out, sink);
  EXPECT_EQ(n, 260u);  // 262 MBeans; ClusterId and SessionState have no numeric attribute
  const auto expected = lines(testing::read_file(testing::fixture_dir() + "/expected_extract.txt"));
  const auto got = records_of(out);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "record " << i;
  EXPECT_EQ(x.stats().entries_empty, 2u);
  EXPECT_TRUE(sink.errors.empty());
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(FixtureTest, SeveralExactRecords) {
  RecordingSink sink;
  Extractor x(pipeline());
  std::string out;
  x.run(parsed_event(), out, sink);
  const auto got = records_of(out);
  auto find = [&](std::string_view needle) -> std::string {
    for (const auto& r : got)
      if (r.find(needle) != std::string::npos) return r;
    return "<none>";
  };
  const std::string h = R"({"hostname":"host1","timestamp":1533793373,"domain":"kafka.server",)";
  EXPECT_EQ(
      find(R"("name":"ZooKeeperRequestLatencyMs")"),
      h + R"("name":"ZooKeeperRequestLatencyMs","type":"ZooKeeperClientMetrics","50thPercentile":1.0,"75thPercentile":1.54,"95thPercentile":2.62,"98thPercentile":3.16,"999thPercentile":5.95,"99thPercentile":3.79,"Count":20433,"Max":9.1,"Mean":1.315,"Min":0.526,"StdDev":0.72})");
  EXPECT_EQ(
      find(R"("client-id":"web frontend,eu-1")"),
      h + R"("client-id":"web frontend,eu-1","type":"Produce","byte-rate":48211.9,"throttle-time":12.5})");
  EXPECT_EQ(
      find(R"("client-id":"console-consumer)"),
      h + R"("client-id":"console-consumer \"eu\"","type":"Fetch","byte-rate":1043.75,"throttle-time":0.0})");
  EXPECT_EQ(
      find(R"("user":)"),
      h + R"("type":"Request","user":"CN=batch-job,OU=ops","request-time":2.2e-05,"throttle-time":0.0})");
  EXPECT_EQ(find(R"("type":"app-info","start)"),
            h + R"("type":"app-info","start-time-ms":1533790000123})");
  EXPECT_EQ(find(R"("id":"1")"), h + R"("id":"1","type":"app-info","StartTimeMs":1533790000123})");
  EXPECT_EQ(find(R"("name":"BrokerState")"),
            h + R"("name":"BrokerState","type":"KafkaServer","Value":3})");
  EXPECT_EQ(find(R"("name":"ClusterId")"), "<none>");
  EXPECT_EQ(
      find(R"("name":"MinFetchRate","type":"ReplicaFetcherManager")"),
      h + R"("clientId":"Replica","name":"MinFetchRate","type":"ReplicaFetcherManager","Value":9.973958333333334})");
  size_t orders = 0;
  for (const auto& r : got) orders += r.find(R"("topic":"orders")") != std::string::npos;
  EXPECT_EQ(orders, 14u);  // 10 BrokerTopicMetrics, 4 FetcherLagMetrics partitions
}

TEST_F(FixtureTest, JsonTextAndParsedRecordGiveTheSameRecords) {
  RecordingSink sink;
  Extractor from_map(pipeline());
  std::string a;
  from_map.run(parsed_event(), a, sink);
  Extractor from_text(pipeline("message"));
  std::string b;
  from_text.run(testing::event_with_text(1533793380, "message", fixture,
                                         {{"topic", "kafka.metrics"}, {"hostname", "host1"}}),
                b, sink);
  EXPECT_EQ(records_of(a).size(), 260u);
  EXPECT_EQ(a, b);  // byte for byte, event times included
}

TEST_F(FixtureTest, ScalarAttributesKeepEveryMBean) {
  Settings s = pipeline("message");
  s.explode->attributes = Attributes::kScalar;
  RecordingSink sink;
  Extractor x(s);
  std::string out;
  EXPECT_EQ(
      x.run(testing::event_with_text(1, "message", fixture, {{"hostname", "host1"}}), out, sink),
      262u);
  const auto got = records_of(out);
  bool saw_state = false;
  for (const auto& r : got)
    if (r.find("SessionState") != std::string::npos) {
      saw_state = true;
      EXPECT_EQ(
          r,
          R"({"hostname":"host1","timestamp":1533793373,"domain":"kafka.server","name":"SessionState","type":"SessionExpireListener","Value":"CONNECTED"})");
    }
  EXPECT_TRUE(saw_state);
}

}  // namespace
}  // namespace ferry::json_extract
