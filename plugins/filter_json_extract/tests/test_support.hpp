#pragma once
// Helpers for the json_extract tests: events from JSON, events back to
// compact JSON (Oj style, as out_stdout prints them), a recording sink and
// a one-call runner.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "extractor.hpp"
#include "format/json_to_msgpack.hpp"
#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::json_extract::testing {

inline std::string msgpack_of(std::string_view json) {
  format::JsonToMsgpack converter;
  std::string out, error;
  EXPECT_TRUE(converter.convert(json, out, &error)) << error;
  return out;
}

inline std::string time_bytes(uint32_t sec, uint32_t nsec = 0) {
  std::string out = "\xd7";
  out += '\x00';
  for (uint32_t v : {sec, nsec})
    for (int shift = 24; shift >= 0; shift -= 8) out += char(v >> shift);
  return out;
}

inline std::string event_of_msgpack(uint32_t sec, std::string_view record) {
  return "\x92" + time_bytes(sec) + std::string(record);
}

inline std::string event(uint32_t sec, std::string_view record_json) {
  return event_of_msgpack(sec, msgpack_of(record_json));
}

// A record {key: <text as a MessagePack string>, extra...}: JSON carried in a field.
inline std::string event_with_text(uint32_t sec, std::string_view key, std::string_view text,
                                   std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::string record;
  format::mp_map_header(record, uint32_t(1 + extra.size()));
  format::mp_str(record, key);
  format::mp_str(record, text);
  for (auto& [k, v] : extra) {
    format::mp_str(record, k);
    format::mp_str(record, v);
  }
  return event_of_msgpack(sec, record);
}

struct Decoded {
  uint32_t sec = 0;
  std::string json;
};

inline std::vector<Decoded> decode(std::string_view events,
                                   format::JsonStyle style = format::JsonStyle::kOj) {
  std::vector<Decoded> out;
  const auto* p = reinterpret_cast<const uint8_t*>(events.data());
  const uint8_t* end = p + events.size();
  while (p < end) {
    format::MpValue v;
    EXPECT_TRUE(format::read_item(p, end, v));
    EXPECT_EQ(v.type, format::MpValue::kArray);
    EXPECT_TRUE(format::read_item(p, end, v));
    EXPECT_TRUE(format::is_event_time(v));
    Decoded d;
    d.sec = format::event_time_sec(v);
    std::string error;
    EXPECT_TRUE(format::append_json(d.json, p, end, style, &error)) << error;
    out.push_back(std::move(d));
  }
  return out;
}

class RecordingSink : public ExtractSink {
 public:
  bool debug_enabled() const override { return true; }
  void debug(std::string_view message) override { debugs.emplace_back(message); }
  void warn(std::string_view message) override { warnings.emplace_back(message); }
  void error_event(std::string_view event, const std::string& reason) override {
    errors.emplace_back(std::string(event), reason);
  }
  std::vector<std::string> debugs;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> errors;  // event bytes, reason
};

inline FieldSettings field(std::string name, std::string path, FieldType type = FieldType::kAsIs,
                           std::optional<OnMissing> on_missing = std::nullopt) {
  return FieldSettings{std::move(name), std::move(path), type, on_missing, "fluent.conf:9"};
}

// Runs one batch of events through a fresh extractor; the output records as JSON.
inline std::vector<std::string> run(const Settings& s, const std::string& events,
                                    RecordingSink& sink) {
  Extractor extractor(s);
  std::string out;
  const uint32_t n = extractor.run(events, out, sink);
  std::vector<std::string> json;
  for (auto& d : decode(out)) json.push_back(d.json);
  EXPECT_EQ(n, json.size());
  return json;
}

inline std::vector<std::string> run_json(const Settings& s, const std::vector<std::string>& records,
                                         RecordingSink& sink) {
  std::string events;
  for (const auto& r : records) events += event(1533793373, r);
  return run(s, events, sink);
}

// Configuration errors as a string ("" when it loads).
inline std::string config_error(const Settings& s) {
  try {
    Extractor extractor(s);
    return "";
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string fixture_dir() {
  const char* src = std::getenv("FERRY_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/fixtures/jolokia";
}

// The record of the compat case seed_kafka_metrics_fixed after
// record_transformer, hostname normalised to host1.
inline constexpr std::string_view kSeedRecord =
    R"({"request":{"mbean":"kafka.server:*","type":"read"},"value":{"kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics":{"Count":424114943,"EventType":"bytes","FifteenMinuteRate":1.4986931223498862,"FiveMinuteRate":1.5011274353282456,"MeanRate":1.5051617011373155,"OneMinuteRate":1.5,"RateUnit":"SECONDS"},"kafka.server:name=BytesOutPerSec,type=BrokerTopicMetrics":{"Count":0,"EventType":"bytes","FifteenMinuteRate":0.0,"FiveMinuteRate":0.0,"MeanRate":0.0,"OneMinuteRate":0.0,"RateUnit":"SECONDS"},"kafka.server:name=MessagesInPerSec,topic=metrics,type=BrokerTopicMetrics":{"Count":1812,"EventType":"messages","MeanRate":0.012,"OneMinuteRate":2.2e-5,"RateUnit":"SECONDS"},"kafka.server:name=UnderReplicatedPartitions,type=ReplicaManager":{"Value":0},"kafka.server:name=PartitionCount,type=ReplicaManager":{"Value":52},"kafka.server:name=LeaderCount,type=ReplicaManager":{"Value":26},"kafka.server:delayedOperation=Produce,name=PurgatorySize,type=DelayedOperationPurgatory":{"Value":0},"kafka.server:type=app-info":{"commit-id":"ba0b3b4f0b1b0c4e","version":"2.0.0","start-time-ms":1533790000123}},"timestamp":1533793373,"status":200,"topic":"kafka.metrics","hostname":"host1"})";

}  // namespace ferry::json_extract::testing
