#pragma once
// Helpers for the <inject> tests: events from JSON, records shown as JSON.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "event/event_time.hpp"
#include "format/event_stream.hpp"
#include "format/json_writer.hpp"
#include "format/msgpack_writer.hpp"
#include "test_records.hpp"

namespace ferry::format::test {

// [EventTime(sec, nsec), record-from-json].
inline std::string event(uint32_t sec, uint32_t nsec, std::string_view json) {
  std::string out("\x92", 1);
  char payload[8];
  for (int i = 0; i < 4; ++i) {
    payload[i] = char(sec >> (24 - 8 * i));
    payload[4 + i] = char(nsec >> (24 - 8 * i));
  }
  mp_ext(out, 0, std::string_view(payload, 8));
  out += mp(json);
  return out;
}

// The record of one event as Oj prints it.
inline std::string record_json(std::string_view ev) {
  EventTime t;
  std::string_view record;
  if (!split_event(ev, t, record)) return "<not an event>";
  std::string out, error;
  const auto* p = reinterpret_cast<const uint8_t*>(record.data());
  EXPECT_TRUE(append_json(out, p, p + record.size(), JsonStyle::kOj, &error)) << error;
  return out;
}

}  // namespace ferry::format::test
