#include "router/ruby_inspect.hpp"

#include <msgpack.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "event/event_time.hpp"

namespace ferry::router {
namespace {

// Length of a valid UTF-8 sequence at s[i], or 0.
size_t utf8_length(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  return n;
}

std::string inspect_time(EventTime t) {
  std::time_t secs = t.sec;
  std::tm tm;
  localtime_r(&secs, &tm);
  char date[32], zone[8], out[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
  std::strftime(zone, sizeof zone, "%z", &tm);
  std::snprintf(out, sizeof out, "%s.%09u %s", date, t.nsec, zone);
  return out;
}

std::string inspect_string(std::string_view s, bool binary);

void inspect_object(const msgpack_object& o, std::string& out) {
  switch (o.type) {
    case MSGPACK_OBJECT_NIL:
      out += "nil";
      break;
    case MSGPACK_OBJECT_BOOLEAN:
      out += o.via.boolean ? "true" : "false";
      break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
      out += std::to_string(o.via.u64);
      break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
      out += std::to_string(o.via.i64);
      break;
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64:
      out += ruby_inspect(o.via.f64);
      break;
    case MSGPACK_OBJECT_STR:
      out += inspect_string(std::string_view(o.via.str.ptr, o.via.str.size), false);
      break;
    case MSGPACK_OBJECT_BIN:
      out += inspect_string(std::string_view(o.via.bin.ptr, o.via.bin.size), true);
      break;
    case MSGPACK_OBJECT_ARRAY:
      out += '[';
      for (uint32_t i = 0; i < o.via.array.size; ++i) {
        if (i) out += ", ";
        inspect_object(o.via.array.ptr[i], out);
      }
      out += ']';
      break;
    case MSGPACK_OBJECT_MAP:
      out += '{';
      for (uint32_t i = 0; i < o.via.map.size; ++i) {
        if (i) out += ", ";
        inspect_object(o.via.map.ptr[i].key, out);
        out += "=>";
        inspect_object(o.via.map.ptr[i].val, out);
      }
      out += '}';
      break;
    case MSGPACK_OBJECT_EXT: {
      EventTime t;
      auto* p = reinterpret_cast<const uint8_t*>(o.via.ext.ptr);
      if (o.via.ext.type == 0 && o.via.ext.size == 8) {
        uint8_t wire[kEventTimeWireSize] = {0xd7, 0};
        for (int k = 0; k < 8; ++k) wire[2 + k] = p[k];
        read_event_time(wire, sizeof wire, t);
        out += inspect_time(t);
      } else {
        out += "#<MessagePack::ExtensionValue type=" + std::to_string(int(o.via.ext.type)) + ">";
      }
      break;
    }
  }
}

}  // namespace

std::string ruby_inspect(std::string_view s) {
  return inspect_string(s, false);
}

namespace {

// String#inspect; `binary` for ASCII-8BIT strings (msgpack bin), which show
// every byte >= 0x80 and control byte as \xHH.
std::string inspect_string(std::string_view s, bool binary) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = binary ? 0 : utf8_length(s, i);
      if (n) {
        out.append(s.substr(i, n));
        i += n;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", c);
        out += buf;
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\a':
        out += "\\a";
        break;
      case 0x1b:
        out += "\\e";
        break;
      case '#': {
        char next = i + 1 < s.size() ? s[i + 1] : '\0';
        out += (next == '{' || next == '$' || next == '@') ? "\\#" : "#";
        break;
      }
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, binary ? "\\x%02X" : "\\u%04X", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

}  // namespace

std::string ruby_inspect(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest round-trip digits, then Ruby's layout (flo_to_s): plain
  // notation for 1e-4 <= |v| < 1e15, else d.ddde+XX.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view sci(buf, res.ptr - buf);
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exp10 = std::atoi(std::string(sci.substr(e + 1)).c_str());
  int decpt = exp10 + 1;  // digits before the decimal point
  if (decpt > 0 && decpt <= 15) {
    if (int(digits.size()) <= decpt) {
      out += digits + std::string(decpt - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, decpt) + "." + digits.substr(decpt);
    }
  } else if (decpt <= 0 && decpt > -4) {
    out += "0." + std::string(-decpt, '0') + digits;
  } else {
    out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%+03d", decpt - 1);
    out += ebuf;
  }
  return out;
}

size_t next_event_size(std::string_view stream) {
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  size_t off = 0;
  auto rc = msgpack_unpack_next(&u, stream.data(), stream.size(), &off);
  msgpack_unpacked_destroy(&u);
  return rc == MSGPACK_UNPACK_SUCCESS ? off : 0;
}

bool inspect_event(std::string_view event, std::string& time, std::string& record) {
  msgpack_unpacked u;
  msgpack_unpacked_init(&u);
  size_t off = 0;
  bool ok = msgpack_unpack_next(&u, event.data(), event.size(), &off) == MSGPACK_UNPACK_SUCCESS &&
            u.data.type == MSGPACK_OBJECT_ARRAY && u.data.via.array.size == 2;
  if (ok) {
    const msgpack_object& t = u.data.via.array.ptr[0];
    time.clear();
    record.clear();
    inspect_object(t, time);
    inspect_object(u.data.via.array.ptr[1], record);
  }
  msgpack_unpacked_destroy(&u);
  return ok;
}

}  // namespace ferry::router
