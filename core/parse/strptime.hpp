#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "format/time_zone.hpp"

namespace ferry::parse {

// The pieces of a time found in text; -1 / nullopt = not given.
struct TimeFields {
  std::optional<int64_t> year;
  int mon = -1, mday = -1, yday = -1, hour = -1, min = -1, sec = -1;
  bool has_frac = false;
  uint32_t nsec = 0;
  int pm = -1;  // %p: 0 AM, 1 PM
  bool has_offset = false;
  int32_t offset = 0;      // seconds east of UTC, when the text named a zone
  bool has_epoch = false;  // %s / %Q: an absolute instant
  int64_t epoch = 0;
};

// Turns fields into an instant as Ruby's Time.strptime / the strptime gem
// do: the zone in the text wins, else `zone`; fields missing before the
// first given one come from the current time in that zone ("%b %d" gets
// this year), the later ones from 1 / 0. False (with *error) when nothing
// at all was given.
bool resolve_time(const TimeFields& f, const format::TimeZone& zone, EventTime& out,
                  std::string* error);

// The wall-clock seconds `wall` (fields read as if UTC) in `zone`, as
// Time.local / TZInfo resolve them.
int64_t wall_to_epoch(const format::TimeZone& zone, int64_t wall);

// Reads a zone at s[i..]: "Z", "UTC"/"GMT" (optionally followed by an
// offset), "+09:00", "+0900", "+09", "-9", "+09:00:30", or a common
// abbreviation (EST, PDT, JST, CET...). Advances i on success.
bool read_zone(std::string_view s, size_t& i, int32_t& offset);

// A strptime format compiled once (Ruby Date._strptime conversions, which
// cover the strptime gem's). Whitespace in the format matches any run of
// whitespace (also none); literals match exactly; text after the last
// conversion is ignored, as Time.strptime ignores it.
class Strptime {
 public:
  // Never fails: an unknown conversion matches itself literally, as in
  // Date._strptime (so a typo shows up as lines that do not parse).
  static Strptime compile(std::string_view format);

  // False when the text does not fit the format.
  bool parse(std::string_view text, TimeFields& out) const;

 private:
  struct Item {
    enum Kind : uint8_t { kLiteral, kSpace, kConv } kind = kLiteral;
    char conv = 0;
    int width = -1;  // digits limit from the format (%3N); -1 default
    std::string literal;
    bool numeric_follows = false;  // the next item reads digits (limits %Y)
  };
  bool run(std::string_view s, size_t& i, TimeFields& f) const;

  std::vector<Item> items_;
};

}  // namespace ferry::parse
