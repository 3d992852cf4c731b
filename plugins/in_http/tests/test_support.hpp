// Shared helpers for in_http unit tests: a recording Sink and a way to
// print MessagePack event batches as "sec.nsec {json}" lines.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "event/event_time.hpp"
#include "format/event_stream.hpp"
#include "format/json_writer.hpp"
#include "request_handler.hpp"

namespace ferry::in_http::test {

struct Emitted {
  std::string tag;
  std::string events;
  uint32_t count;
};

class FakeSink : public Sink {
 public:
  ferry_status emit(std::string_view tag, std::string_view events, uint32_t count) override {
    emitted.push_back({std::string(tag), std::string(events), count});
    return emit_status;
  }
  bool log_enabled(ferry_log_level) override { return true; }
  void log(ferry_log_level level, std::string_view message) override {
    logs.push_back(std::to_string(int(level)) + " " + std::string(message));
  }
  EventTime now() override { return fixed_now; }

  std::vector<Emitted> emitted;
  std::vector<std::string> logs;
  ferry_status emit_status = FERRY_OK;
  EventTime fixed_now{1700000000, 5};
};

// "sec.nsec {record as JSON}" per event.
std::vector<std::string> events_text(std::string_view batch);

}  // namespace ferry::in_http::test
