#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "format/msgpack_reader.hpp"

namespace ferry::parse {

// Fluentd's time parsing parameters (TimeMixin::Parser, lib/fluent/time.rb).
struct TimeParseOptions {
  enum class Type { kString, kUnixtime, kFloat, kMixed };
  Type type = Type::kString;
  std::optional<std::string> format;  // strptime, or "%iso8601"; nil: Time.parse
  bool localtime = true;              // already resolved against `utc`
  bool utc = false;
  std::optional<std::string> timezone;
  std::vector<std::string> fallbacks;  // time_format_fallbacks (mixed)
};

// One compiled time parser: NumericTimeParser (unixtime / float),
// TimeParser (string: strptime with the text's zone, else `timezone`, else
// local time or UTC; %iso8601; Time.parse without a format) or
// MixedTimeParser (time_format then each fallback). Keeps a one-entry cache
// of the last string, so one instance serves one thread at a time.
class TimeParser {
 public:
  // nullptr and *error (Fluentd's ConfigError text) for a bad format or
  // zone, or a zone without a format ("specifying timezone requires time
  // format").
  static std::unique_ptr<TimeParser> create(const TimeParseOptions& options, std::string* error);
  virtual ~TimeParser() = default;

  // Parses a record value (MessagePack item). Strings go through the
  // parser; numbers only through unixtime/float. On failure *error is
  // Fluentd's TimeParseError text ("invalid time format: value = ...").
  virtual bool parse(const format::MpValue& value, EventTime& out, std::string* error) = 0;
  bool parse_text(std::string_view text, EventTime& out, std::string* error);
};

}  // namespace ferry::parse
