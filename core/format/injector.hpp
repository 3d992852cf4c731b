#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "format/time_formatter.hpp"

namespace ferry::format {

// What Fluentd's inject helper (plugin_helper/inject.rb) adds to records,
// already resolved from <inject> or the legacy flat parameters.
struct InjectOptions {
  enum class TimeType {
    kFloat,
    kUnixtime,
    kUnixtimeMillis,
    kUnixtimeMicros,
    kUnixtimeNanos,
    kString
  };
  std::optional<std::string> hostname_key;
  std::string hostname;  // written under hostname_key
  std::optional<std::string> worker_id_key;
  uint32_t worker_id = 0;
  std::optional<std::string> tag_key;
  std::optional<std::string> time_key;
  TimeType time_type = TimeType::kFloat;
  TimeFormatOptions time;  // kString: format, localtime (already && !utc), timezone
};

// Adds the configured keys to a copy of one [time, record] event, straight
// on MessagePack bytes. Keys are set in Fluentd's order (hostname,
// worker_id, tag, time) with Ruby Hash assignment: a key the record already
// has keeps its place and takes the new value; a new key goes to the end.
// Holds caches (tag, time text), so one per thread/instance.
class Injector {
 public:
  // nullptr and *error for an unsupported timezone.
  static std::unique_ptr<Injector> create(const InjectOptions& options, std::string* error);

  bool enabled() const { return !slots_.empty(); }

  // Appends the event with the keys injected to `out` (the time bytes are
  // kept as they are). False when `event` is not a [time, map] pair.
  bool apply(std::string_view tag, std::string_view event, std::string& out);

 private:
  enum class Source { kHostname, kWorkerId, kTag, kTime };
  struct Slot {
    std::string key;
    Source source;
  };

  Injector() = default;
  void add_slot(const std::string& key, Source source);
  std::string_view value_of(Source source) const;
  void encode_time(EventTime t);

  std::vector<Slot> slots_;  // distinct keys, in the order Fluentd adds them
  InjectOptions::TimeType time_type_ = InjectOptions::TimeType::kFloat;
  std::unique_ptr<TimeFormatter> time_formatter_;  // kString only
  std::string hostname_value_;                     // MessagePack, fixed at create
  std::string worker_id_value_;
  std::string tag_value_;  // MessagePack of last_tag_
  std::string last_tag_;
  bool have_tag_ = false;
  std::string time_value_;  // MessagePack of the current event's time
  std::string time_text_;
};

}  // namespace ferry::format
