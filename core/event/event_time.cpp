#include "event/event_time.hpp"

#include <chrono>

namespace ferry {

EventTime EventTime::now() {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return from_ns(ns);
}

EventTime EventTime::from_ns(int64_t ns) {
  return EventTime{uint32_t(ns / 1000000000), uint32_t(ns % 1000000000)};
}

void append_event_time(std::string& out, EventTime t) {
  char b[10] = {char(0xd7),        0,           char(t.sec >> 24),  char(t.sec >> 16),
                char(t.sec >> 8),  char(t.sec), char(t.nsec >> 24), char(t.nsec >> 16),
                char(t.nsec >> 8), char(t.nsec)};
  out.append(b, sizeof b);
}

bool read_event_time(const uint8_t* p, size_t len, EventTime& out) {
  if (len < 10 || p[0] != 0xd7 || p[1] != 0) return false;
  out.sec = uint32_t(p[2]) << 24 | uint32_t(p[3]) << 16 | uint32_t(p[4]) << 8 | p[5];
  out.nsec = uint32_t(p[6]) << 24 | uint32_t(p[7]) << 16 | uint32_t(p[8]) << 8 | p[9];
  return true;
}

}  // namespace ferry
