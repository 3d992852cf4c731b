#include "format/ruby_value.hpp"

#include <charconv>

#include "format/msgpack_reader.hpp"
#include "format/strftime.hpp"
#include "format/time_zone.hpp"
#include "text/ruby_float.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::format {
namespace {

bool fail(std::string* error, const char* message) {
  if (error) *error = message;
  return false;
}

void append_integer(std::string& out, const MpValue& v) {
  char buf[24];
  auto r = v.type == MpValue::kInt ? std::to_chars(buf, buf + sizeof buf, v.i)
                                   : std::to_chars(buf, buf + sizeof buf, v.u);
  out.append(buf, size_t(r.ptr - buf));
}

void append_event_time_inspect(std::string& out, uint32_t sec, uint32_t nsec) {
  static const Strftime kFormat("%Y-%m-%d %H:%M:%S.%N %z");
  kFormat.append(out, TimeZone::local().civil(sec), nsec);
}

bool container(std::string& out, const uint8_t*& p, const uint8_t* end, const MpValue& v, int depth,
               std::string* error) {
  if (depth + 1 > kMaxDepth) return fail(error, "record nested too deeply");
  if (v.type == MpValue::kArray) {
    out.push_back('[');
    for (uint32_t i = 0; i < v.size; ++i) {
      if (i) out.append(", ");
      if (!append_ruby_inspect(out, p, end, depth + 1, error)) return false;
    }
    out.push_back(']');
    return true;
  }
  out.push_back('{');
  for (uint32_t i = 0; i < v.size; ++i) {
    if (i) out.append(", ");
    if (!append_ruby_inspect(out, p, end, depth + 1, error)) return false;
    out.append("=>");
    if (!append_ruby_inspect(out, p, end, depth + 1, error)) return false;
  }
  out.push_back('}');
  return true;
}

}  // namespace

bool append_ruby_to_s(std::string& out, const uint8_t*& p, const uint8_t* end, int depth,
                      std::string* error) {
  const uint8_t* start = p;
  MpValue v;
  if (!read_item(p, end, v)) return fail(error, "malformed MessagePack record");
  switch (v.type) {
    case MpValue::kNil:
      return true;
    case MpValue::kStr:
    case MpValue::kBin:
      out.append(v.bytes());
      return true;
    case MpValue::kExt:
      if (is_event_time(v)) {
        char buf[16];
        auto r = std::to_chars(buf, buf + sizeof buf, event_time_sec(v));
        out.append(buf, size_t(r.ptr - buf));
      }
      return true;
    default:
      p = start;
      return append_ruby_inspect(out, p, end, depth, error);
  }
}

bool append_ruby_inspect(std::string& out, const uint8_t*& p, const uint8_t* end, int depth,
                         std::string* error) {
  MpValue v;
  if (!read_item(p, end, v)) return fail(error, "malformed MessagePack record");
  switch (v.type) {
    case MpValue::kNil:
      out.append("nil");
      return true;
    case MpValue::kBool:
      out.append(v.boolean ? "true" : "false");
      return true;
    case MpValue::kInt:
    case MpValue::kUint:
      append_integer(out, v);
      return true;
    case MpValue::kFloat:
      text::append_ruby_float(out, v.f);
      return true;
    case MpValue::kStr:
      text::append_ruby_string_inspect(out, v.bytes(), false);
      return true;
    case MpValue::kBin:
      text::append_ruby_string_inspect(out, v.bytes(), true);
      return true;
    case MpValue::kExt:
      if (is_event_time(v))
        append_event_time_inspect(out, event_time_sec(v), event_time_nsec(v));
      else
        out.append("nil");
      return true;
    case MpValue::kArray:
    case MpValue::kMap:
      return container(out, p, end, v, depth, error);
  }
  return fail(error, "malformed MessagePack record");
}

}  // namespace ferry::format
