#include "format/ruby_value.hpp"

#include <charconv>
#include <cstdio>

#include "format/msgpack_reader.hpp"
#include "format/ruby_float.hpp"
#include "format/strftime.hpp"
#include "format/time_zone.hpp"

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

// Decodes one UTF-8 character at s[i]; 0 length when invalid.
int utf8_char(std::string_view s, size_t i, uint32_t& cp) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data()) + i;
  const size_t left = s.size() - i;
  const uint8_t c = p[0];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  const int n = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
  if (n < 0 || size_t(n) >= left) return 0;
  cp = n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k <= n; ++k) {
    if ((p[k] & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (p[k] & 0x3f);
  }
  static constexpr uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n + 1;
}

void append_event_time_inspect(std::string& out, uint32_t sec, uint32_t nsec) {
  static const Strftime kFormat("%Y-%m-%d %H:%M:%S.%N %z");
  kFormat.append(out, TimeZone::local().civil(sec), nsec);
}

bool container(std::string& out, const uint8_t*& p, const uint8_t* end, const MpValue& v,
               int depth, std::string* error) {
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

void append_ruby_string_inspect(std::string& out, std::string_view s, bool binary) {
  out.push_back('"');
  char buf[16];
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = uint8_t(s[i]);
    int len = binary ? 1 : utf8_char(s, i, cp);
    if (len == 0 || (binary && cp >= 0x80)) {
      int n = std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(uint8_t(s[i])));
      out.append(buf, size_t(n));
      ++i;
      continue;
    }
    const char* esc = nullptr;
    switch (cp) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      case '\f': esc = "\\f"; break;
      case '\v': esc = "\\v"; break;
      case '\b': esc = "\\b"; break;
      case '\a': esc = "\\a"; break;
      case 0x1b: esc = "\\e"; break;
      case '#':
        // "#{", "#$", "#@" would interpolate: Ruby escapes the '#'.
        if (i + 1 < s.size() && (s[i + 1] == '{' || s[i + 1] == '$' || s[i + 1] == '@')) esc = "\\#";
        break;
    }
    if (esc) {
      out.append(esc);
    } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      // Non-printable: \xNN in binary strings, \uNNNN in UTF-8 ones.
      int n = binary ? std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(cp))
                     : std::snprintf(buf, sizeof buf, "\\u%04X", unsigned(cp));
      out.append(buf, size_t(n));
    } else {
      out.append(s.substr(i, size_t(len)));
    }
    i += size_t(len);
  }
  out.push_back('"');
}

bool append_ruby_to_s(std::string& out, const uint8_t*& p, const uint8_t* end, int depth,
                      std::string* error) {
  const uint8_t* start = p;
  MpValue v;
  if (!read_item(p, end, v)) return fail(error, "malformed MessagePack record");
  switch (v.type) {
    case MpValue::kNil: return true;
    case MpValue::kStr:
    case MpValue::kBin: out.append(v.bytes()); return true;
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
    case MpValue::kNil: out.append("nil"); return true;
    case MpValue::kBool: out.append(v.boolean ? "true" : "false"); return true;
    case MpValue::kInt:
    case MpValue::kUint: append_integer(out, v); return true;
    case MpValue::kFloat: append_ruby_float(out, v.f); return true;
    case MpValue::kStr: append_ruby_string_inspect(out, v.bytes(), false); return true;
    case MpValue::kBin: append_ruby_string_inspect(out, v.bytes(), true); return true;
    case MpValue::kExt:
      if (is_event_time(v)) append_event_time_inspect(out, event_time_sec(v), event_time_nsec(v));
      else out.append("nil");
      return true;
    case MpValue::kArray:
    case MpValue::kMap: return container(out, p, end, v, depth, error);
  }
  return fail(error, "malformed MessagePack record");
}

}  // namespace ferry::format
