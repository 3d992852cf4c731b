#include "format/event_stream.hpp"

#include <cmath>

#include "format/msgpack_reader.hpp"

namespace ferry::format {

bool next_event(const uint8_t*& p, const uint8_t* end, std::string_view& event) {
  const uint8_t* q = p;
  if (q >= end || !skip_value(q, end)) return false;
  event = std::string_view(reinterpret_cast<const char*>(p), size_t(q - p));
  p = q;
  return true;
}

bool split_event(std::string_view event, EventTime& time, std::string_view& record) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(event.data());
  const uint8_t* end = p + event.size();
  MpValue v;
  if (!read_item(p, end, v) || v.type != MpValue::kArray || v.size != 2) return false;
  if (!read_item(p, end, v)) return false;
  if (is_event_time(v)) {
    time = EventTime{event_time_sec(v), event_time_nsec(v)};
  } else if (v.type == MpValue::kUint && v.u <= UINT32_MAX) {
    time = EventTime{uint32_t(v.u), 0};
  } else if (v.type == MpValue::kFloat && v.f >= 0 && v.f < 4294967296.0) {
    double sec = std::floor(v.f);
    time = EventTime{uint32_t(sec), uint32_t((v.f - sec) * 1e9)};
  } else {
    return false;
  }
  const uint8_t* record_start = p;
  if (!skip_value(p, end) || p != end) return false;
  record =
      std::string_view(reinterpret_cast<const char*>(record_start), size_t(end - record_start));
  return true;
}

}  // namespace ferry::format
