#include "value_text.hpp"

#include "format/msgpack_reader.hpp"
#include "format/ruby_value.hpp"
#include "text/utf8.hpp"

namespace ferry::grep {
namespace {

using format::MpValue;

// Bytes a UTF-8 sequence led by b has in all, 0 for a byte that cannot lead.
int sequence_length(uint8_t b) {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

// The allowed range of the second byte after lead b (RFC 3629's table).
bool second_ok(uint8_t lead, uint8_t b) {
  switch (lead) {
    case 0xe0:
      return b >= 0xa0 && b <= 0xbf;
    case 0xed:
      return b >= 0x80 && b <= 0x9f;
    case 0xf0:
      return b >= 0x90 && b <= 0xbf;
    case 0xf4:
      return b >= 0x80 && b <= 0x8f;
    default:
      return b >= 0x80 && b <= 0xbf;
  }
}

const char* class_name(const MpValue& v) {
  switch (v.type) {
    case MpValue::kStr:
    case MpValue::kBin:
      return "String";
    case MpValue::kInt:
    case MpValue::kUint:
      return "Integer";
    case MpValue::kFloat:
      return "Float";
    case MpValue::kBool:
      return v.boolean ? "TrueClass" : "FalseClass";
    case MpValue::kExt:
      return format::is_event_time(v) ? "Fluent::EventTime" : "NilClass";
    default:
      return "NilClass";
  }
}

}  // namespace

void ruby_scrub(std::string_view s, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    uint32_t cp = 0;
    const size_t len = text::utf8_decode(s, i, cp);
    if (len > 0) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    // Invalid here: swallow the longest prefix of a possible sequence.
    size_t bad = 1;
    const int want = sequence_length(p[i]);
    if (want > 1 && i + 1 < n && second_ok(p[i], p[i + 1])) {
      bad = 2;
      while (bad < size_t(want) && i + bad < n && p[i + bad] >= 0x80 && p[i + bad] <= 0xbf) ++bad;
    }
    out.push_back('?');
    i += bad;
  }
}

bool subject_of(const uint8_t* p, const uint8_t* end, std::string& buf, std::string_view& subject,
                bool& scrubbed) {
  scrubbed = false;
  if (!p) return subject = {}, true;
  const uint8_t* q = p;
  MpValue v;
  if (!format::read_item(q, end, v)) return false;
  if (v.type == MpValue::kStr) {
    subject = v.bytes();
    if (text::is_valid_utf8(subject)) return true;
    buf.clear();
    ruby_scrub(subject, buf);
    subject = buf;
    scrubbed = true;
    return true;
  }
  if (v.type == MpValue::kBin) return subject = v.bytes(), true;  // ASCII-8BIT: matched as bytes
  buf.clear();
  if (!format::append_ruby_to_s(buf, p, end, 0, nullptr)) return false;
  subject = buf;
  return true;
}

std::string dig_error(const format::RecordAccessor& accessor, const uint8_t* record,
                      const uint8_t* end) {
  const uint8_t* cur = record;
  for (const format::RecordAccessor::Step& step : accessor.steps()) {
    const uint8_t* p = cur;
    MpValue v;
    if (!format::read_item(p, end, v)) break;
    if (v.type == MpValue::kArray && !step.is_index)
      return "no implicit conversion of String into Integer";
    if (v.type != MpValue::kArray && v.type != MpValue::kMap)
      return std::string(class_name(v)) + " does not have #dig method";
    const uint8_t* next = nullptr;
    if (v.type == MpValue::kMap) {
      if (step.is_index || !format::map_find(cur, end, step.key, &next) || !next) break;
    } else {
      const int64_t i = step.index < 0 ? int64_t(v.size) + step.index : step.index;
      if (i < 0 || i >= int64_t(v.size)) break;
      next = p;
      for (int64_t k = 0; k < i; ++k)
        if (!format::skip_value(next, end)) return "cannot dig into the value";
    }
    cur = next;
  }
  return "cannot dig into the value";
}

}  // namespace ferry::grep
