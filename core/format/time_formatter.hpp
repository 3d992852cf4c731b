#pragma once
#include <memory>
#include <optional>
#include <string>

#include "event/event_time.hpp"
#include "format/strftime.hpp"
#include "format/time_zone.hpp"

namespace ferry::format {

// Fluentd's time formatting parameters (TimeMixin::Formatter, lib/fluent/time.rb).
struct TimeFormatOptions {
  enum class Type { kString, kUnixtime, kFloat, kMixed };
  Type type = Type::kString;
  std::optional<std::string> format;  // strftime; nil: ISO 8601
  bool localtime = true;              // already resolved against `utc`
  bool utc = false;
  std::optional<std::string> timezone;  // "+09:00", "Asia/Tokyo"
};

// Fluentd's TimeFormatter / NumericTimeFormatter. Keeps a one-second cache
// of the broken-down time, so it is not thread-safe: one per thread/instance.
class TimeFormatter {
 public:
  // nullptr and *error for an unsupported timezone.
  static std::unique_ptr<TimeFormatter> create(const TimeFormatOptions& options,
                                               std::string* error);
  // A strftime formatter in the given zone (out_stdout's line prefix).
  TimeFormatter(std::string_view format, TimeZone zone);

  void append(std::string& out, EventTime t);

 private:
  TimeFormatter() = default;
  const CivilTime& civil(uint32_t sec);

  TimeFormatOptions::Type type_ = TimeFormatOptions::Type::kString;
  std::optional<Strftime> strftime_;  // nullopt: ISO 8601
  TimeZone zone_;
  bool cached_ = false;
  uint32_t cached_sec_ = 0;
  CivilTime cached_civil_;
};

// Appends Ruby Time#iso8601 without fraction: "2023-11-14T22:13:20+09:00",
// or "...Z" for UTC-mode times.
void append_iso8601(std::string& out, const CivilTime& t);

}  // namespace ferry::format
