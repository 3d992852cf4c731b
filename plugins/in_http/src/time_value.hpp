// Event times the way Fluentd's in_http computes them.
#pragma once
#include <string>
#include <string_view>

#include "event/event_time.hpp"
#include "format/msgpack_reader.hpp"
#include "settings.hpp"

namespace ferry::in_http {

// Ruby's String#to_f and String#to_i (leading number, else 0).
double ruby_to_f(std::string_view s);
int64_t ruby_to_i(std::string_view s);

// The `time` query/form parameter: `to_f`; zero means "now" (nullopt here),
// else Fluentd's NumericTimeParser(:float) on the Float, which splits
// Float#to_s at the dot.
bool param_time(std::string_view text, EventTime& out);

// A record's time field value (nil and false are "absent" and handled by
// the caller). False with *error on values Fluentd refuses (400).
bool field_time(const format::MpValue& v, TimeFieldSettings::Mode mode, EventTime& out,
                std::string* error);

}  // namespace ferry::in_http
