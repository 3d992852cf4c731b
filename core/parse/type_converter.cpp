#include "parse/type_converter.hpp"

#include <cmath>
#include <limits>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/ruby_value.hpp"
#include "format/time_zone.hpp"
#include "parse/ruby_text.hpp"

namespace ferry::parse {
namespace {

using format::MpValue;

// Ruby's to_s of the value into scratch; returns a view of it (or of the
// input text itself).
std::string_view to_s(const FieldValue& v, std::string& scratch) {
  switch (v.kind) {
    case FieldValue::kText:
      return v.data;
    case FieldValue::kNil:
      return {};
    case FieldValue::kInt:
      scratch = std::to_string(v.i);
      return scratch;
    case FieldValue::kMsgpack: {
      scratch.clear();
      const uint8_t* p = reinterpret_cast<const uint8_t*>(v.data.data());
      if (!format::append_ruby_to_s(scratch, p, p + v.data.size(), 0, nullptr)) scratch.clear();
      return scratch;
    }
  }
  return {};
}

// The decoded scalar of a msgpack value (containers: type and count only).
MpValue decode(const FieldValue& v) {
  MpValue m;
  if (v.kind == FieldValue::kText) {
    m.type = MpValue::kStr;
    m.data = v.data.data();
    m.size = uint32_t(v.data.size());
  } else if (v.kind == FieldValue::kInt) {
    if (v.i < 0)
      m.type = MpValue::kInt, m.i = v.i;
    else
      m.type = MpValue::kUint, m.u = uint64_t(v.i);
  } else if (v.kind == FieldValue::kMsgpack) {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(v.data.data());
    if (!format::read_item(p, p + v.data.size(), m)) m = MpValue{};
  }
  return m;
}

int64_t float_to_i(double d) {
  if (std::isnan(d)) return 0;  // FloatDomainError -> "NaN".to_i
  if (d >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (d <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return int64_t(d);
}

bool truthy(std::string_view s) {
  auto eq = [&](std::string_view w) {
    if (s.size() != w.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      if (c != w[i]) return false;
    }
    return true;
  };
  return eq("true") || eq("yes") || eq("1");
}

}  // namespace

void TypeConverter::write(const FieldValue& value, std::string& out, std::string& scratch,
                          std::vector<std::string_view>& parts) const {
  MpValue m = decode(value);
  switch (kind) {
    case Kind::kString:
      format::mp_str(out, to_s(value, scratch));
      return;
    case Kind::kInteger:
      if (m.type == MpValue::kInt)
        format::mp_int(out, m.i);
      else if (m.type == MpValue::kUint)
        format::mp_uint(out, m.u);
      else if (m.type == MpValue::kFloat)
        format::mp_int(out, float_to_i(m.f));
      else if (format::is_event_time(m))
        format::mp_uint(out, format::event_time_sec(m));
      else
        format::mp_int(out, ruby_to_i(to_s(value, scratch)));
      return;
    case Kind::kFloat:
      if (m.type == MpValue::kInt)
        format::mp_double(out, double(m.i));
      else if (m.type == MpValue::kUint)
        format::mp_double(out, double(m.u));
      else if (m.type == MpValue::kFloat)
        format::mp_double(out, m.f);
      else if (format::is_event_time(m)) {
        format::mp_double(out, format::event_time_sec(m) + format::event_time_nsec(m) / 1e9);
      } else {
        format::mp_double(out, ruby_to_f(to_s(value, scratch)));
      }
      return;
    case Kind::kBool:
      format::mp_bool(out, truthy(to_s(value, scratch)));
      return;
    case Kind::kTime: {
      EventTime t;
      if (time->parse(m, t, nullptr)) {
        append_event_time(out, t);
      } else {
        format::mp_nil(out);
      }
      return;
    }
    case Kind::kArray: {
      ruby_split(to_s(value, scratch), delimiter, 0, parts);
      format::mp_array_header(out, uint32_t(parts.size()));
      for (std::string_view p : parts) format::mp_str(out, p);
      return;
    }
  }
}

std::optional<std::vector<TypeConverter>> build_type_converters(
    const std::vector<std::pair<std::string, std::string>>& types, const TimeParseOptions& time,
    std::string* error) {
  std::vector<TypeConverter> out;
  for (const auto& [key, definition] : types) {
    size_t colon = definition.find(':');
    std::string type = definition.substr(0, colon);
    std::optional<std::string> option;
    if (colon != std::string::npos) option = definition.substr(colon + 1);
    TypeConverter c;
    c.key = key;
    if (type == "string")
      c.kind = TypeConverter::Kind::kString;
    else if (type == "integer")
      c.kind = TypeConverter::Kind::kInteger;
    else if (type == "float")
      c.kind = TypeConverter::Kind::kFloat;
    else if (type == "bool")
      c.kind = TypeConverter::Kind::kBool;
    else if (type == "array") {
      c.kind = TypeConverter::Kind::kArray;
      if (option) c.delimiter = *option;
    } else if (type == "time") {
      c.kind = TypeConverter::Kind::kTime;
      TimeParseOptions t = time;
      t.type = TimeParseOptions::Type::kString;
      t.format.reset();
      t.timezone.reset();
      if (option) {
        // time:[TZ:]FORMAT, FORMAT being unixtime/float/mixed or strptime.
        size_t c2 = option->find(':');
        std::string zone = option->substr(0, c2);
        std::optional<std::string> fmt;
        if (c2 != std::string::npos) fmt = option->substr(c2 + 1);
        if (format::TimeZone::from_fluentd(zone, nullptr)) {
          t.timezone = zone;
        } else {
          fmt = *option;
        }
        if (fmt && (*fmt == "string" || *fmt == "unixtime" || *fmt == "float" || *fmt == "mixed")) {
          t.type = *fmt == "unixtime" ? TimeParseOptions::Type::kUnixtime
                   : *fmt == "float"  ? TimeParseOptions::Type::kFloat
                   : *fmt == "mixed"  ? TimeParseOptions::Type::kMixed
                                      : TimeParseOptions::Type::kString;
          fmt.reset();
        }
        t.format = fmt;
      }
      std::string why;
      c.time = TimeParser::create(t, &why);
      if (!c.time) {
        if (error) *error = "types: time conversion for key:'" + key + "': " + why;
        return std::nullopt;
      }
    } else {
      if (error) *error = "unknown value conversion for key:'" + key + "', type:'" + type + "'";
      return std::nullopt;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace ferry::parse
