#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::format {

// A broken-down time in some zone, with what strftime needs.
struct CivilTime {
  int64_t epoch = 0;  // seconds since 1970 (UTC)
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
  int wday = 4;            // 0 = Sunday
  int yday = 1;            // 1..366
  int32_t utc_offset = 0;  // seconds east of UTC
  // Ruby Time in UTC mode (Time#utc): %Z is "UTC" and iso8601 ends in "Z".
  bool utc = false;
  char zone[16] = {};  // %Z text; empty for fixed offsets (Time#localtime(offset))
};

// Fills the civil fields of `epoch + offset` (the local wall clock).
void civil_from_epoch(int64_t epoch, int32_t offset, CivilTime& out);
// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int m, int d);

struct ZoneRules;

// Where wall-clock times are computed: the process's local zone (TZ), UTC,
// a fixed offset, or a named tz-database zone (read from TZif files).
class TimeZone {
 public:
  static TimeZone local();
  static TimeZone utc();
  static TimeZone fixed(int32_t offset_seconds);
  // Fluentd's `timezone` parameter (lib/fluent/timezone.rb): "[+-]HH:MM",
  // "[+-]HHMM", "[+-]HH", or "Region/Zone[/Zone]" present in the tz
  // database ($TZDIR or /usr/share/zoneinfo). Abbreviations such as "JST"
  // and bare "UTC" are refused as Fluentd refuses them. On failure: nullopt
  // and *error = "Unsupported timezone '<text>'".
  static std::optional<TimeZone> from_fluentd(std::string_view text, std::string* error);

  CivilTime civil(int64_t epoch) const;
  int32_t offset_at(int64_t epoch) const;

 private:
  enum class Kind { kLocal, kUtc, kFixed, kNamed };
  Kind kind_ = Kind::kUtc;
  int32_t offset_ = 0;
  std::shared_ptr<const ZoneRules> rules_;
};

}  // namespace ferry::format
