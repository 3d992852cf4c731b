#pragma once
// InfluxDB line protocol for one Fluentd record: the rules are in
// docs/plugins/influxdb-line-protocol.md. They are written against the Go
// parser of InfluxDB 1.x and 2.x (models/points.go), whose escaping is not
// uniform: a backslash is never unescaped, so it is written as is, and the
// few places where it would swallow a separator are handled explicitly.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::influxdb {

// The unit of the timestamp at the end of each line (the `precision=`
// query parameter of /write).
enum class Precision : uint8_t { kHours, kMinutes, kSeconds, kMillis, kMicros, kNanos };

// v1 names h, m, s, ms, u, ns (fluent-plugin-influxdb) and v2 names s, ms,
// us, ns (influxdb-plugin-fluent). False for anything else.
bool parse_precision(std::string_view name, Precision* out);

// How an event time is cut to a coarser precision. fluent-plugin-influxdb
// (v1) divides integers (floor); influxdb-plugin-fluent (v2) rounds to the
// nearest unit (in floating point there; exactly here, halves up).
enum class TimeRounding : uint8_t { kFloor, kNearest };

// The event time (seconds since the epoch + nanoseconds) in `p` units,
// computed in integers: exact at every precision.
int64_t event_time_in(Precision p, TimeRounding r, uint32_t sec, uint32_t nsec);

// Appends `name` escaped as a measurement; *altered (if given) counts the
// characters InfluxDB could not read back (see LineEncoder's PointReport).
// Returns false (out unchanged) when no line could carry it: empty once
// escaped, or starting with `#` (the parser takes such a line for a comment
// and drops it silently).
bool append_measurement(std::string& out, std::string_view name, uint32_t* altered = nullptr);

struct LineOptions {
  // Record keys written as tags (v1/v2 `tag_keys`). Matched against the
  // flattened name, so `a.b` selects a nested value.
  std::vector<std::string> tag_keys;
  // v2 `field_keys`: when not empty only these (flattened) keys become
  // fields; the rest are left out on purpose, not reported.
  std::vector<std::string> field_keys;
  // Keys read elsewhere and not written (retention_policy_key).
  std::vector<std::string> exclude_keys;
  // v1 `auto_tags`: every string value becomes a tag.
  bool auto_tags = false;
  // v1 `cast_number_to_float` / v2 `field_cast_to_float`.
  bool integers_as_float = false;
  // Top-level key whose value, when it is a usable timestamp, replaces the
  // event time (already in `precision` units) and is not written as a field.
  std::string time_key;
  Precision precision = Precision::kSeconds;
  TimeRounding rounding = TimeRounding::kFloor;
  // Joins the keys of nested maps into one field name (Ferry extension).
  std::string flatten_separator = ".";
};

// A tag added to every point by the caller (sequence_tag, tag_fluentd). It
// wins over a record tag of the same key.
struct ExtraTag {
  std::string_view key;
  std::string_view value;
};

enum class PointStatus : uint8_t {
  kWritten,    // one line appended
  kNoFields,   // nothing left to write as a field: nothing appended
  kMalformed,  // not a MessagePack map (or truncated): nothing appended
};

// What happened to one record. `dropped` values could not be written at all
// (NaN, ±Infinity, integers beyond int64, a key named `time`, unknown ext
// types); `altered` names lost a character InfluxDB cannot read back
// (trailing backslash, newline/CR/tab written as \n \r \t). `problem` names
// the first of these, for the caller's log line.
struct PointReport {
  PointStatus status = PointStatus::kWritten;
  uint32_t fields = 0;
  uint32_t tags = 0;
  uint32_t empty = 0;  // nil, "" and [] values skipped (per field)
  uint32_t dropped = 0;
  uint32_t altered = 0;
  std::string_view problem;
};

// Turns records into lines. Keeps scratch buffers between calls, so reuse
// one per thread; not thread-safe.
class LineEncoder {
 public:
  explicit LineEncoder(LineOptions options);

  // Appends one line (with its '\n') for the MessagePack map `record` to
  // out. `measurement` is already escaped (append_measurement).
  PointReport encode(std::string& out, std::string_view measurement, const uint8_t* record,
                     size_t size, uint32_t sec, uint32_t nsec,
                     std::span<const ExtraTag> extra_tags = {});

  const LineOptions& options() const { return options_; }

 private:
  struct Tag {
    uint32_t offset;  // into tag_bytes_: escaped key, '=', escaped value
    uint32_t key_size;
    uint32_t size;
  };
  struct Walk;

  bool walk_map(Walk& w, const uint8_t*& p, const uint8_t* end, uint32_t count, int depth);
  bool take_time(Walk& w, const uint8_t* value, const uint8_t* end);
  bool add_tag(Walk& w, std::string_view key, const uint8_t*& p, const uint8_t* end);
  bool add_field(Walk& w, std::string_view key, const uint8_t*& p, const uint8_t* end);
  void finish_tags(std::string& out);

  bool is_tag_key(std::string_view key) const;
  bool is_field_key(std::string_view key) const;

  LineOptions options_;
  std::string path_;       // flattened name of the value being read
  std::string fields_;     // ",k=v" for each field so far
  std::string tag_bytes_;  // tags, to be sorted before writing
  std::vector<Tag> tags_;
  std::string scratch_;  // a value's text before escaping
};

}  // namespace ferry::influxdb
