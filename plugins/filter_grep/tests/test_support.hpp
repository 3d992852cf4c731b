#pragma once
// Helpers for the grep tests: records from JSON, a recording sink.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format/json_to_msgpack.hpp"
#include "grep_rules.hpp"

namespace ferry::grep::testing {

inline std::string msgpack_of(std::string_view json) {
  format::JsonToMsgpack converter;
  std::string out, error;
  EXPECT_TRUE(converter.convert(json, out, &error)) << error;
  return out;
}

inline std::string event(std::string_view record_json) {
  return std::string("\x92\xd7\x00\x65\x53\xf1\x00\x00\x00\x00\x00", 11) + msgpack_of(record_json);
}

class RecordingSink : public GrepSink {
 public:
  void info(std::string_view message) override { infos.emplace_back(message); }
  void warn(std::string_view message) override { warnings.emplace_back(message); }
  std::vector<std::string> infos;
  std::vector<std::string> warnings;
};

inline Condition cond(std::string key, std::string pattern) {
  return Condition{std::move(key), std::move(pattern), "fluent.conf:4"};
}

// keep() for a record given as JSON (or as MessagePack bytes with raw).
inline bool keeps(GrepRules& rules, std::string_view json, RecordingSink& sink) {
  const std::string mp = msgpack_of(json);
  const auto* p = reinterpret_cast<const uint8_t*>(mp.data());
  return rules.keep(p, p + mp.size(), sink);
}
inline bool keeps_raw(GrepRules& rules, const std::string& mp, RecordingSink& sink) {
  const auto* p = reinterpret_cast<const uint8_t*>(mp.data());
  return rules.keep(p, p + mp.size(), sink);
}

inline std::string config_error(const Settings& s) {
  std::vector<std::string> infos;
  try {
    GrepRules rules(s, infos);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace ferry::grep::testing
