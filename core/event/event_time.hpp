#pragma once
#include <cstdint>
#include <string>

namespace ferry {

// Fluentd's EventTime: seconds and nanoseconds since the epoch. On the wire
// and in buffer chunks it is MessagePack ext type 0, always fixext8:
// d7 00 <BE uint32 sec> <BE uint32 nsec>.
struct EventTime {
  uint32_t sec = 0;
  uint32_t nsec = 0;

  static EventTime now();
  static EventTime from_ns(int64_t ns);
  int64_t to_ns() const { return int64_t(sec) * 1000000000 + nsec; }
  bool operator==(const EventTime&) const = default;
};

constexpr size_t kEventTimeWireSize = 10;

// Appends the 10-byte fixext8 form.
void append_event_time(std::string& out, EventTime t);
// Reads the fixext8 form at p (needs 10 bytes); false if it is not one.
bool read_event_time(const uint8_t* p, size_t len, EventTime& out);

}  // namespace ferry
