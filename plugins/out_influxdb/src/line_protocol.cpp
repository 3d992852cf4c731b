#include "line_protocol.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"
#include "text/ruby_float.hpp"

namespace ferry::influxdb {
namespace {

using format::MpValue;

constexpr uint64_t kInt64Max = uint64_t(std::numeric_limits<int64_t>::max());

// Which part of the line a name goes to; each has its own escapes because
// InfluxDB 1.x scans and unescapes each part differently (measured against
// influxd 1.6.7 by plugins/out_influxdb/tests/roundtrip_test.py).
enum class NameKind { kMeasurement, kTag, kFieldKey };

constexpr bool is_escaped(NameKind kind, char c) {
  switch (c) {
    case ',':
    case ' ':
      return true;
    case '=':
      return kind != NameKind::kMeasurement;
    case '"':
      // escape.Unescape (field keys) eats the backslash of a literal `\"`.
      return kind == NameKind::kFieldKey;
    default:
      return false;
  }
}

// How many of a run of `run` backslashes before `next` can be written so
// that InfluxDB reads them back:
// - measurement: the name is unescaped twice on the way to the index, and a
//   backslash before `,` ` ` `=` `"` makes the series unreachable by SELECT
//   whatever is written: none of such a run can be kept;
// - field key: scanFields reads backslashes in pairs, so the run before an
//   escaped `,` ` ` `=` must be even (before `"` any run works);
// - tag key/value: the scanner looks only at the previous byte and
//   unescapeTag removes one backslash per escape: every run works.
size_t backslashes_kept(NameKind kind, size_t run, char next) {
  switch (kind) {
    case NameKind::kMeasurement:
      return (next == ',' || next == ' ' || next == '=' || next == '"') ? 0 : run;
    case NameKind::kFieldKey:
      return (next == ',' || next == ' ' || next == '=') && run % 2 == 1 ? run - 1 : run;
    case NameKind::kTag:
      return run;
  }
  return run;
}

// Appends s escaped as `kind`; returns how many characters could not be
// written as they are: trailing backslashes are removed (the first would
// escape the separator after the name), backslashes InfluxDB cannot read
// back (backslashes_kept), and newline, CR and tab become the texts \n \r
// \t as influxdb-client-ruby writes them (a newline ends the line; tab and CR
// are stripped where the parser skips leading whitespace).
// Bytes append_name must look at: backslash, newline, CR, tab and the
// kind's escaped characters; everything else is copied in runs.
struct AttentionTable {
  bool byte[3][256] = {};
  constexpr AttentionTable() {
    for (int k = 0; k < 3; ++k) {
      for (char c : {'\\', '\n', '\r', '\t', ',', ' ', '=', '"'}) {
        byte[k][uint8_t(c)] =
            c == '\\' || c == '\n' || c == '\r' || c == '\t' || is_escaped(NameKind(k), c);
      }
    }
  }
};
constexpr AttentionTable kAttention;

uint32_t append_name(std::string& out, std::string_view s, NameKind kind) {
  const bool* attention = kAttention.byte[int(kind)];
  uint32_t altered = 0;
  size_t end = s.size();
  while (end > 0 && s[end - 1] == '\\') --end;
  if (end != s.size()) ++altered;
  size_t i = 0;
  while (i < end) {
    size_t plain = i;
    while (plain < end && !attention[uint8_t(s[plain])]) ++plain;
    out.append(s.data() + i, plain - i);
    if (plain == end) break;
    i = plain;
    const char c = s[i];
    if (c == '\\') {
      size_t run = 0;
      while (s[i + run] == '\\') ++run;  // stops before `end`: no trailing backslash
      const size_t keep = backslashes_kept(kind, run, s[i + run]);
      if (keep != run) ++altered;
      out.append(keep, '\\');
      i += run;
      continue;
    }
    switch (c) {
      case '\n':
        out += "\\n";
        ++altered;
        break;
      case '\r':
        out += "\\r";
        ++altered;
        break;
      case '\t':
        out += "\\t";
        ++altered;
        break;
      default:
        out += '\\';
        out += c;
    }
    ++i;
  }
  return altered;
}

// String field values: only `\` and `"` are escaped (unescapeStringField
// reads both back); newlines need nothing inside the quotes.
void append_string_value(std::string& out, std::string_view s) {
  out += '"';
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' || s[i] == '"') {
      out.append(s, from, i - from);
      out += '\\';
      from = i;
    }
  }
  out.append(s, from, std::string_view::npos);
  out += '"';
}

template <typename Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Ruby's String#strip set: a tag value made only of these is blank, and
// fluent-plugin-influxdb leaves blank tags out.
bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
  });
}

enum class Text { kOk, kNil, kUnsupported, kMalformed };

// The text of the value at p (advanced past it) for a tag value or a map
// key: strings as they are, numbers and booleans as Ruby's to_s, arrays and
// maps as compact JSON, EventTime as its seconds.
Text value_text(const uint8_t*& p, const uint8_t* end, std::string& out) {
  out.clear();
  const uint8_t* start = p;
  MpValue v;
  if (!format::read_item(p, end, v)) return Text::kMalformed;
  switch (v.type) {
    case MpValue::kNil:
      return Text::kNil;
    case MpValue::kBool:
      out = v.boolean ? "true" : "false";
      return Text::kOk;
    case MpValue::kInt:
      append_int(out, v.i);
      return Text::kOk;
    case MpValue::kUint:
      append_int(out, v.u);
      return Text::kOk;
    case MpValue::kFloat:
      text::append_ruby_float(out, v.f);
      return Text::kOk;
    case MpValue::kStr:
    case MpValue::kBin:
      out.assign(v.data, v.size);
      return Text::kOk;
    case MpValue::kArray:
    case MpValue::kMap: {
      p = start;
      std::string error;
      return format::append_json(out, p, end, format::JsonStyle::kOj, &error) ? Text::kOk
                                                                              : Text::kMalformed;
    }
    case MpValue::kExt:
      if (!format::is_event_time(v)) return Text::kUnsupported;
      append_int(out, format::event_time_sec(v));
      return Text::kOk;
  }
  return Text::kUnsupported;
}

bool contains(const std::vector<std::string>& sorted, std::string_view key) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != sorted.end() && *it == key;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// InfluxDB 1.x refuses a tag key `time` (the whole point, 400) and silently
// drops a field key `time`: both are left out here and reported.
constexpr std::string_view kTimeName = "time";

}  // namespace

bool parse_precision(std::string_view name, Precision* out) {
  static constexpr std::pair<std::string_view, Precision> kNames[] = {
      {"h", Precision::kHours},   {"m", Precision::kMinutes}, {"s", Precision::kSeconds},
      {"ms", Precision::kMillis}, {"u", Precision::kMicros},  {"us", Precision::kMicros},
      {"ns", Precision::kNanos},
  };
  for (const auto& [n, p] : kNames) {
    if (n == name) {
      *out = p;
      return true;
    }
  }
  return false;
}

int64_t event_time_in(Precision p, TimeRounding r, uint32_t sec, uint32_t nsec) {
  // uint32 seconds in nanoseconds stay below 2^62: no overflow.
  int64_t ns = int64_t(sec) * 1000000000 + int64_t(nsec);
  int64_t unit = 1;
  switch (p) {
    case Precision::kHours:
      unit = 3600LL * 1000000000;
      break;
    case Precision::kMinutes:
      unit = 60LL * 1000000000;
      break;
    case Precision::kSeconds:
      unit = 1000000000;
      break;
    case Precision::kMillis:
      unit = 1000000;
      break;
    case Precision::kMicros:
      unit = 1000;
      break;
    case Precision::kNanos:
      return ns;
  }
  return r == TimeRounding::kNearest ? (ns + unit / 2) / unit : ns / unit;
}

bool append_measurement(std::string& out, std::string_view name, uint32_t* altered) {
  size_t mark = out.size();
  uint32_t n = append_name(out, name, NameKind::kMeasurement);
  if (altered) *altered = n;
  if (out.size() == mark || out[mark] == '#') {
    out.resize(mark);
    return false;
  }
  return true;
}

struct LineEncoder::Walk {
  PointReport report;
  bool have_time = false;
  int64_t time = 0;

  void drop(std::string_view why) {
    ++report.dropped;
    if (report.problem.empty()) report.problem = why;
  }
  void alter(uint32_t n, std::string_view why) {
    if (n == 0) return;
    report.altered += n;
    if (report.problem.empty()) report.problem = why;
  }
};

LineEncoder::LineEncoder(LineOptions options) : options_(std::move(options)) {
  sort_unique(options_.tag_keys);
  sort_unique(options_.field_keys);
  sort_unique(options_.exclude_keys);
}

bool LineEncoder::is_tag_key(std::string_view key) const {
  return !options_.tag_keys.empty() && contains(options_.tag_keys, key);
}

bool LineEncoder::is_field_key(std::string_view key) const {
  return options_.field_keys.empty() || contains(options_.field_keys, key);
}

PointReport LineEncoder::encode(std::string& out, std::string_view measurement,
                                const uint8_t* record, size_t size, uint32_t sec, uint32_t nsec,
                                std::span<const ExtraTag> extra_tags) {
  path_.clear();
  fields_.clear();
  tag_bytes_.clear();
  tags_.clear();
  Walk w;
  const uint8_t* p = record;
  const uint8_t* end = record + size;
  MpValue top;
  if (!format::read_item(p, end, top) || top.type != MpValue::kMap ||
      !walk_map(w, p, end, top.size, 0)) {
    PointReport malformed;
    malformed.status = PointStatus::kMalformed;
    return malformed;
  }
  for (const ExtraTag& t : extra_tags) {
    uint32_t offset = uint32_t(tag_bytes_.size());
    append_name(tag_bytes_, t.key, NameKind::kTag);
    uint32_t key_size = uint32_t(tag_bytes_.size() - offset);
    tag_bytes_ += '=';
    append_name(tag_bytes_, t.value, NameKind::kTag);
    if (key_size == 0 || tag_bytes_.size() == offset + key_size + 1) {
      tag_bytes_.resize(offset);
      continue;
    }
    tags_.push_back({offset, key_size, uint32_t(tag_bytes_.size() - offset)});
  }
  if (fields_.empty()) {
    w.report.status = PointStatus::kNoFields;
    return w.report;
  }
  out += measurement;
  finish_tags(out);
  w.report.tags = uint32_t(tags_.size());
  out += ' ';
  out.append(fields_, 1, std::string::npos);  // without the first ','
  out += ' ';
  append_int(
      out, w.have_time ? w.time : event_time_in(options_.precision, options_.rounding, sec, nsec));
  out += '\n';
  return w.report;
}

bool LineEncoder::walk_map(Walk& w, const uint8_t*& p, const uint8_t* end, uint32_t count,
                           int depth) {
  const size_t prefix = path_.size();
  for (uint32_t i = 0; i < count; ++i) {
    path_.resize(prefix);
    if (depth > 0) path_ += options_.flatten_separator;
    // Keys are strings in practice: append them without a copy; others
    // (integers, ...) by their text.
    const uint8_t* after_key = p;
    MpValue k;
    if (!format::read_item(after_key, end, k)) return false;
    if (k.type == MpValue::kStr) {
      path_.append(k.data, k.size);
      p = after_key;
    } else {
      switch (value_text(p, end, scratch_)) {
        case Text::kOk:
          break;
        case Text::kMalformed:
          return false;
        case Text::kNil:
        case Text::kUnsupported:
          // A nil or ext key has no name to write: the pair is reported.
          if (!format::skip_value(p, end)) return false;
          w.drop("a map key that is nil or an extension type");
          continue;
      }
      path_ += scratch_;
    }
    const std::string_view key = path_;

    if (depth == 0) {
      if (!options_.time_key.empty() && key == options_.time_key && !w.have_time &&
          take_time(w, p, end)) {
        if (!format::skip_value(p, end)) return false;
        continue;
      }
      if (!options_.exclude_keys.empty() && contains(options_.exclude_keys, key)) {
        if (!format::skip_value(p, end)) return false;
        continue;
      }
    }

    const uint8_t* value = p;
    MpValue v;
    if (!format::read_item(value, end, v)) return false;
    const bool is_string = v.type == MpValue::kStr || v.type == MpValue::kBin;
    if (is_tag_key(key) || (options_.auto_tags && is_string)) {
      if (!add_tag(w, key, p, end)) return false;
    } else if (v.type == MpValue::kMap) {
      if (depth + 1 >= format::kMaxDepth) return false;
      p = value;
      if (!walk_map(w, p, end, v.size, depth + 1)) return false;
    } else if (is_field_key(key)) {
      if (!add_field(w, key, p, end)) return false;
    } else if (!format::skip_value(p, end)) {
      return false;
    }
  }
  path_.resize(prefix);
  return true;
}

// The time_key value as a timestamp already in the configured precision:
// integers and digit strings as they are (fluent-plugin-influxdb writes the
// raw value), floats rounded (influxdb-plugin-fluent), an EventTime
// converted like the event time. Anything else is not a timestamp: the key
// stays an ordinary field and the event time is used.
bool LineEncoder::take_time(Walk& w, const uint8_t* p, const uint8_t* end) {
  MpValue v;
  if (!format::read_item(p, end, v)) return false;
  switch (v.type) {
    case MpValue::kInt:
      w.time = v.i;
      break;
    case MpValue::kUint:
      if (v.u > kInt64Max) return false;
      w.time = int64_t(v.u);
      break;
    case MpValue::kFloat:
      // 2^63 is exactly representable; anything at or beyond it is not.
      if (!std::isfinite(v.f) || std::fabs(v.f) >= 9223372036854775808.0) return false;
      w.time = std::llround(v.f);
      break;
    case MpValue::kStr: {
      std::string_view s = v.bytes();
      if (s.empty() || s.size() > 20) return false;
      auto r = std::from_chars(s.data(), s.data() + s.size(), w.time);
      if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
      break;
    }
    case MpValue::kExt:
      if (!format::is_event_time(v)) return false;
      w.time = event_time_in(options_.precision, options_.rounding, format::event_time_sec(v),
                             format::event_time_nsec(v));
      break;
    default:
      return false;
  }
  w.have_time = true;
  return true;
}

bool LineEncoder::add_tag(Walk& w, std::string_view key, const uint8_t*& p, const uint8_t* end) {
  switch (value_text(p, end, scratch_)) {
    case Text::kOk:
      break;
    case Text::kMalformed:
      return false;
    case Text::kNil:
      ++w.report.empty;
      return true;
    case Text::kUnsupported:
      w.drop("a tag value of an unsupported extension type");
      return true;
  }
  if (is_blank(scratch_)) {
    ++w.report.empty;
    return true;
  }
  if (key == kTimeName) {
    w.drop("a tag named time (InfluxDB refuses it)");
    return true;
  }
  const uint32_t offset = uint32_t(tag_bytes_.size());
  uint32_t altered = append_name(tag_bytes_, key, NameKind::kTag);
  const uint32_t key_size = uint32_t(tag_bytes_.size() - offset);
  tag_bytes_ += '=';
  altered += append_name(tag_bytes_, scratch_, NameKind::kTag);
  if (key_size == 0 || tag_bytes_.size() == offset + key_size + 1) {
    // Empty, or backslashes only: nothing InfluxDB can store.
    tag_bytes_.resize(offset);
    w.drop("an empty tag key, or a tag key or value of backslashes only");
    return true;
  }
  w.alter(altered, "a tag with a trailing backslash, newline, CR or tab");
  tags_.push_back({offset, key_size, uint32_t(tag_bytes_.size() - offset)});
  return true;
}

bool LineEncoder::add_field(Walk& w, std::string_view key, const uint8_t*& p, const uint8_t* end) {
  const uint8_t* start = p;
  MpValue v;
  if (!format::read_item(p, end, v)) return false;
  const size_t mark = fields_.size();
  fields_ += ',';
  const uint32_t altered = append_name(fields_, key, NameKind::kFieldKey);
  const bool no_key = fields_.size() == mark + 1;
  fields_ += '=';
  auto skip = [&](bool empty, std::string_view why) {
    fields_.resize(mark);
    if (empty) {
      ++w.report.empty;
    } else {
      w.drop(why);
    }
    return true;
  };
  switch (v.type) {
    case MpValue::kNil:
      return skip(true, {});
    case MpValue::kStr:
    case MpValue::kBin:
      if (v.size == 0) return skip(true, {});
      if (no_key || key == kTimeName) break;
      append_string_value(fields_, v.bytes());
      break;
    case MpValue::kBool:
      fields_ += v.boolean ? "true" : "false";
      break;
    case MpValue::kInt:
    case MpValue::kUint:
      if (options_.integers_as_float) {
        text::append_ruby_float(fields_, v.type == MpValue::kInt ? double(v.i) : double(v.u));
      } else if (v.type == MpValue::kUint && v.u > kInt64Max) {
        return skip(false, "an integer beyond the int64 range");
      } else {
        if (v.type == MpValue::kInt) {
          append_int(fields_, v.i);
        } else {
          append_int(fields_, v.u);
        }
        fields_ += 'i';
      }
      break;
    case MpValue::kFloat:
      if (!std::isfinite(v.f)) return skip(false, "a NaN or Infinity float");
      text::append_ruby_float(fields_, v.f);
      break;
    case MpValue::kArray: {
      if (v.size == 0) return skip(true, {});
      p = start;
      scratch_.clear();
      std::string error;
      if (!format::append_json(scratch_, p, end, format::JsonStyle::kOj, &error)) return false;
      append_string_value(fields_, scratch_);
      break;
    }
    case MpValue::kExt:
      if (!format::is_event_time(v)) return skip(false, "a value of an unsupported extension type");
      append_int(fields_, format::event_time_sec(v));
      fields_ += 'i';
      break;
    case MpValue::kMap:
      // walk_map flattens maps before they get here.
      return false;
  }
  if (no_key) return skip(false, "an empty field key, or one of backslashes only");
  if (key == kTimeName) return skip(false, "a field named time (InfluxDB drops it)");
  w.alter(altered, "a field key with a backslash, newline, CR or tab InfluxDB cannot read back");
  ++w.report.fields;
  return true;
}

void LineEncoder::finish_tags(std::string& out) {
  // InfluxDB keys a series by its tags sorted by (escaped) key and refuses
  // duplicates; a stable sort keeps the last of equal keys winning, as a
  // Ruby Hash assignment would.
  auto key_of = [&](const Tag& t) {
    return std::string_view(tag_bytes_).substr(t.offset, t.key_size);
  };
  // Insertion sort: stable, in place (std::stable_sort allocates), and
  // points carry a handful of tags.
  for (size_t i = 1; i < tags_.size(); ++i) {
    const Tag t = tags_[i];
    size_t j = i;
    for (; j > 0 && key_of(t) < key_of(tags_[j - 1]); --j) tags_[j] = tags_[j - 1];
    tags_[j] = t;
  }
  size_t kept = 0;
  for (size_t i = 0; i < tags_.size(); ++i) {
    if (i + 1 < tags_.size() && key_of(tags_[i]) == key_of(tags_[i + 1])) continue;
    out += ',';
    out.append(tag_bytes_, tags_[i].offset, tags_[i].size);
    tags_[kept++] = tags_[i];
  }
  tags_.resize(kept);
}

}  // namespace ferry::influxdb
