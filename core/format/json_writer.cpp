#include "format/json_writer.hpp"

#include <charconv>

#include "format/msgpack_reader.hpp"
#include "format/ruby_float.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {
namespace {

// 0: copy as is; 1: two-character escape; 2: \u00XX.
constexpr uint8_t kEscape[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

void append_int(std::string& out, const MpValue& v) {
  char buf[24];
  auto res = v.type == MpValue::kInt ? std::to_chars(buf, buf + sizeof buf, v.i)
                                     : std::to_chars(buf, buf + sizeof buf, v.u);
  out.append(buf, size_t(res.ptr - buf));
}

class Writer {
 public:
  Writer(std::string& out, const uint8_t* end, JsonStyle style, std::string* error)
      : out_(out), end_(end), style_(style), error_(error) {}

  bool value(const uint8_t*& p, int depth) {
    MpValue v;
    if (!read_item(p, end_, v)) return fail("malformed MessagePack record");
    switch (v.type) {
      case MpValue::kNil: out_.append("null"); return true;
      case MpValue::kBool: out_.append(v.boolean ? "true" : "false"); return true;
      case MpValue::kInt:
      case MpValue::kUint: append_int(out_, v); return true;
      case MpValue::kFloat: return number(v.f);
      case MpValue::kStr:
      case MpValue::kBin: return string(v.bytes());
      case MpValue::kExt:
        if (v.ext_type == 0 && v.size == 8) {
          out_.append(std::to_string(event_time_sec(v)));
        } else {
          out_.append("null");
        }
        return true;
      case MpValue::kArray: return array(p, v.size, depth + 1);
      case MpValue::kMap: return map(p, v.size, depth + 1);
    }
    return fail("malformed MessagePack record");
  }

 private:
  bool fail(const char* message) {
    if (error_) *error_ = message;
    return false;
  }

  bool number(double d) {
    if (style_ == JsonStyle::kOj) {
      append_oj_float(out_, d);
      return true;
    }
    if (d != d) return fail("NaN not allowed in JSON");
    if (d - d != 0) return fail(d < 0 ? "-Infinity not allowed in JSON" : "Infinity not allowed in JSON");
    append_ruby_float(out_, d);
    return true;
  }

  bool string(std::string_view s) {
    if (style_ == JsonStyle::kRubyJson && !is_valid_utf8(s)) {
      return fail("source sequence is illegal/malformed utf-8");
    }
    append_json_string(out_, s);
    return true;
  }

  bool array(const uint8_t*& p, uint32_t n, int depth) {
    if (depth > kMaxDepth) return fail("record nested too deeply");
    out_.push_back('[');
    for (uint32_t i = 0; i < n; ++i) {
      if (i) out_.push_back(',');
      if (!value(p, depth)) return false;
    }
    out_.push_back(']');
    return true;
  }

  bool map(const uint8_t*& p, uint32_t n, int depth) {
    if (depth > kMaxDepth) return fail("record nested too deeply");
    out_.push_back('{');
    for (uint32_t i = 0; i < n; ++i) {
      if (i) out_.push_back(',');
      if (!key(p, depth)) return false;
      out_.push_back(':');
      if (!value(p, depth)) return false;
    }
    out_.push_back('}');
    return true;
  }

  // Strings as they are; any other key as its Ruby to_s, quoted.
  bool key(const uint8_t*& p, int depth) {
    const uint8_t* start = p;
    MpValue v;
    if (!read_item(p, end_, v)) return fail("malformed MessagePack record");
    if (v.type == MpValue::kStr || v.type == MpValue::kBin) return string(v.bytes());
    p = start;
    scratch_.clear();
    if (!append_ruby_to_s(scratch_, p, end_, depth, error_)) return false;
    return string(scratch_);
  }

  std::string& out_;
  const uint8_t* end_;
  JsonStyle style_;
  std::string* error_;
  std::string scratch_;
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const char* run = p;
    while (p < end && kEscape[uint8_t(*p)] == 0) ++p;
    out.append(run, size_t(p - run));
    if (p == end) break;
    const uint8_t c = uint8_t(*p++);
    if (kEscape[c] == 1) {
      char e = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\t' ? 't'
             : c == '\n' ? 'n' : c == '\f' ? 'f' : 'r';
      char esc[2] = {'\\', e};
      out.append(esc, 2);
    } else {
      char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out.append(esc, 6);
    }
  }
  out.push_back('"');
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) n = 1, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0) n = 2, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0) n = 3, cp = c & 0x07;
    else return false;
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (p[i] & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    p += n + 1;
  }
  return true;
}

bool append_json(std::string& out, const uint8_t*& p, const uint8_t* end, JsonStyle style,
                 std::string* error) {
  Writer w(out, end, style, error);
  return w.value(p, 0);
}

}  // namespace ferry::format
