#include "format/json_writer.hpp"

#include <charconv>

#include "format/msgpack_reader.hpp"
#include "format/ruby_value.hpp"
#include "text/json_string.hpp"
#include "text/ruby_float.hpp"
#include "text/utf8.hpp"

namespace ferry::format {
namespace {

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
      case MpValue::kNil:
        out_.append("null");
        return true;
      case MpValue::kBool:
        out_.append(v.boolean ? "true" : "false");
        return true;
      case MpValue::kInt:
      case MpValue::kUint:
        append_int(out_, v);
        return true;
      case MpValue::kFloat:
        return number(v.f);
      case MpValue::kStr:
      case MpValue::kBin:
        return string(v.bytes());
      case MpValue::kExt:
        if (v.ext_type == 0 && v.size == 8) {
          out_.append(std::to_string(event_time_sec(v)));
        } else {
          out_.append("null");
        }
        return true;
      case MpValue::kArray:
        return array(p, v.size, depth + 1);
      case MpValue::kMap:
        return map(p, v.size, depth + 1);
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
      text::append_oj_float(out_, d);
      return true;
    }
    if (d != d) return fail("NaN not allowed in JSON");
    if (d - d != 0)
      return fail(d < 0 ? "-Infinity not allowed in JSON" : "Infinity not allowed in JSON");
    text::append_ruby_float(out_, d);
    return true;
  }

  bool string(std::string_view s) {
    if (style_ == JsonStyle::kRubyJson && !text::is_valid_utf8(s)) {
      return fail("source sequence is illegal/malformed utf-8");
    }
    text::append_json_string(out_, s);
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

bool append_json(std::string& out, const uint8_t*& p, const uint8_t* end, JsonStyle style,
                 std::string* error) {
  Writer w(out, end, style, error);
  return w.value(p, 0);
}

}  // namespace ferry::format
