#pragma once
#include <string_view>

#include "parse/strptime.hpp"

namespace ferry::parse {

// Ruby's Time.parse (Date._parse), which Fluentd uses for a string time
// without time_format. Date._parse is a long list of heuristics; this reads
// the shapes log lines carry, anywhere in the text:
//   dates  2024-01-02, 2024/01/02, 02/Jan/2024 (Apache), 2 Jan 2024,
//          Jan 2[,] [2024], January 2nd 2024
//   times  03:04, 03:04:05, 03:04:05.123456789, with am/pm
//   zones  after the time (or the year): Z, UTC, +09:00, +0900, EST...
//   a year after the time, as ctime prints it: "Tue Jan  2 03:04:05 2024"
// False when no date or time is found ("no time information").
bool ruby_time_parse(std::string_view text, TimeFields& out);

// Ruby's Time.iso8601 (xmlschema), Fluentd's time_format %iso8601:
// YYYY-MM-DD[THH:MM:SS[.frac][Z|+hh:mm|+hhmm|+hh]], surrounding whitespace
// allowed; nothing else.
bool iso8601_parse(std::string_view text, TimeFields& out);

}  // namespace ferry::parse
