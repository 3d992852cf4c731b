#pragma once
#include <cstdint>
#include <string_view>

#include "event/event_time.hpp"

namespace ferry::format {

// Walks a MessagePack event stream ([time, record] pairs, no outer array).
// Sets `event` to the next whole event and advances p; false at the end or
// when the rest is malformed (then p is left unchanged).
bool next_event(const uint8_t*& p, const uint8_t* end, std::string_view& event);

// The time and the record bytes of one [time, record] event. Time is an
// EventTime, or integer seconds from legacy peers (a float is split into
// seconds and nanoseconds). False when the event is not of that shape.
bool split_event(std::string_view event, EventTime& time, std::string_view& record);

}  // namespace ferry::format
