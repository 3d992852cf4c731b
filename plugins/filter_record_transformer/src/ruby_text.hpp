#pragma once
// Ruby text forms record_transformer needs beyond core/format's: Time#to_s
// and Time#iso8601 of an event time, Time#strftime over a TimeValue, and
// String#to_i / String#to_f.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "format/strftime.hpp"
#include "value.hpp"

namespace ferry::record_transformer {

// Time#to_s: "2024-01-02 03:04:05 +0900", or "... UTC" after Time#utc.
void append_time_to_s(std::string& out, const TimeValue& t);

// Time#iso8601(digits): "2024-01-02T03:04:05+09:00", "...Z" in UTC.
void append_time_iso8601(std::string& out, const TimeValue& t, int digits);

// Time#strftime with a format compiled once (core/format's Ruby strftime).
void append_strftime(std::string& out, const format::Strftime& format, const TimeValue& t);

// String#to_f and String#to_i: the longest numeric prefix after leading
// whitespace, underscores allowed between digits, 0 when there is none.
double ruby_string_to_f(std::string_view s);
// nullopt when the integer does not fit 64 bits (Ruby would make a Bignum).
std::optional<int64_t> ruby_string_to_i(std::string_view s);

}  // namespace ferry::record_transformer
