#pragma once
// Helpers for the record_transformer tests: events from JSON, events back
// to out_stdout-style JSON (Oj), and a sink that records what it is told.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "format/json_to_msgpack.hpp"
#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"
#include "record_rewriter.hpp"

namespace ferry::record_transformer::testing {

// The compat cases were recorded with TZ=UTC.
inline void use_utc() {
  setenv("TZ", "UTC", 1);
  tzset();
}

inline std::string msgpack_of(std::string_view json) {
  format::JsonToMsgpack converter;
  std::string out, error;
  EXPECT_TRUE(converter.convert(json, out, &error)) << error;
  return out;
}

inline void append_event_time(std::string& out, uint32_t sec, uint32_t nsec) {
  out += '\x92';
  out += '\xd7';
  out += '\x00';
  for (uint32_t v : {sec, nsec})
    for (int shift = 24; shift >= 0; shift -= 8) out += char(v >> shift);
}

inline std::string event(uint32_t sec, std::string_view record_json, uint32_t nsec = 0) {
  std::string out;
  append_event_time(out, sec, nsec);
  out += msgpack_of(record_json);
  return out;
}

struct Decoded {
  uint32_t sec = 0;
  uint32_t nsec = 0;
  std::string json;
};

inline std::vector<Decoded> decode(std::string_view events) {
  std::vector<Decoded> out;
  const auto* p = reinterpret_cast<const uint8_t*>(events.data());
  const uint8_t* end = p + events.size();
  while (p < end) {
    format::MpValue v;
    EXPECT_TRUE(format::read_item(p, end, v));
    EXPECT_EQ(v.type, format::MpValue::kArray);
    EXPECT_TRUE(format::read_item(p, end, v));
    Decoded d;
    EXPECT_TRUE(format::is_event_time(v));
    d.sec = format::event_time_sec(v);
    d.nsec = format::event_time_nsec(v);
    std::string error;
    EXPECT_TRUE(format::append_json(d.json, p, end, format::JsonStyle::kOj, &error)) << error;
    out.push_back(std::move(d));
  }
  return out;
}

class RecordingSink : public RecordSink {
 public:
  void warn(std::string_view message) override { warnings.emplace_back(message); }
  void error_event(std::string_view event, const std::string& reason,
                   const char* error_class) override {
    errors.emplace_back(std::string(event), reason);
    error_classes.emplace_back(error_class ? error_class : "");
  }
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>> errors;  // event bytes, reason
  std::vector<std::string> error_classes;                   // "" for the default
};

inline Settings settings(std::vector<std::pair<std::string, std::string>> record) {
  Settings s;
  s.hostname = "<HOSTNAME>";
  for (auto& [k, v] : record) s.record.push_back({k, v, "fluent.conf:7"});
  return s;
}

// Runs one batch; returns the output records as JSON (Oj style, as
// out_stdout prints them).
inline std::vector<std::string> run(const Settings& s, std::string_view tag,
                                    const std::vector<std::string>& records, RecordingSink& sink,
                                    uint32_t sec = 1700000000) {
  std::vector<std::string> warnings;
  RecordRewriter rewriter(s, warnings);
  std::string in;
  for (const auto& r : records) in += event(sec, r);
  std::string out;
  const uint32_t n = rewriter.rewrite(tag, in, out, sink);
  std::vector<std::string> json;
  for (auto& d : decode(out)) json.push_back(d.json);
  EXPECT_EQ(n, json.size());
  return json;
}

inline std::string run_one(const Settings& s, std::string_view tag, const std::string& record,
                           RecordingSink& sink) {
  auto out = run(s, tag, {record}, sink);
  return out.empty() ? std::string("<dropped>") : out[0];
}

}  // namespace ferry::record_transformer::testing
