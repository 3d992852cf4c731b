#include "eval_context.hpp"

#include "format/msgpack_reader.hpp"
#include "msgpack_skip.hpp"
#include "ruby_text.hpp"

namespace ferry::record_transformer {
namespace {

// A fixstr/str8 key inline (most keys); else the full reader.
inline bool read_key(const uint8_t*& p, const uint8_t* end, RecordEntry& e) {
  const uint8_t b = *p;
  size_t header = 0, len = 0;
  if ((b & 0xe0) == 0xa0)
    header = 1, len = b & 0x1f;
  else if (b == 0xd9 && end - p >= 2)
    header = 2, len = p[1];
  if (header) {
    if (size_t(end - p) < header + len) return false;
    e.text_offset = uint32_t(header);
    e.text_size = uint32_t(len);
    e.key_is_string = true;
    p += header + len;
    return true;
  }
  const uint8_t* begin = p;
  format::MpValue key;
  if (!format::read_item(p, end, key)) return false;
  if (key.type == format::MpValue::kStr || key.type == format::MpValue::kBin) {
    e.text_offset = uint32_t(reinterpret_cast<const uint8_t*>(key.data) - begin);
    e.text_size = key.size;
    e.key_is_string = true;
    return true;
  }
  p = begin;
  return format::skip_value(p, end);
}

}  // namespace

void TagParts::reset(std::string_view tag) {
  tag_ = tag;
  spans_.clear();
  uint32_t begin = 0;
  for (uint32_t k = 0; k <= tag.size(); ++k) {
    if (k == tag.size() || tag[k] == '.') {
      spans_.push_back({begin, k});
      begin = k + 1;
    }
  }
  // Ruby's String#split drops trailing empty fields ("a.b." -> ["a", "b"]).
  while (!spans_.empty() && spans_.back().begin == spans_.back().end) spans_.pop_back();
}

std::string_view TagParts::get(TagList list, size_t i) const {
  const Span& s = spans_[i];
  switch (list) {
    case TagList::kParts:
      return tag_.substr(s.begin, s.end - s.begin);
    case TagList::kPrefix:
      return tag_.substr(0, s.end);
    case TagList::kSuffix:
      return tag_.substr(s.begin, spans_.back().end - s.begin);
  }
  return {};
}

bool TagParts::resolve(int64_t index, size_t& out) const {
  const auto n = int64_t(spans_.size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return false;
  out = size_t(index);
  return true;
}

RecordView::Parse RecordView::parse(const uint8_t*& p, const uint8_t* end) {
  entries_.clear();
  const uint8_t* begin = p;
  format::MpValue v;
  if (!format::read_item(p, end, v)) return Parse::kMalformed;
  if (v.type != format::MpValue::kMap) return Parse::kNotMap;
  entries_.reserve(v.size);
  for (uint32_t k = 0; k < v.size; ++k) {
    if (p >= end) return Parse::kMalformed;
    RecordEntry e;
    const uint8_t* key_begin = p;
    if (!read_key(p, end, e)) return Parse::kMalformed;
    e.begin = reinterpret_cast<const char*>(key_begin);
    e.key_size = uint32_t(p - key_begin);
    const uint8_t* value_begin = p;
    if (p >= end || !skip_field(p, end)) return Parse::kMalformed;
    e.value_size = uint32_t(p - value_begin);
    entries_.push_back(e);
  }
  raw_ = {reinterpret_cast<const char*>(begin), size_t(p - begin)};
  return Parse::kOk;
}

const RecordEntry* RecordView::find(std::string_view key) const {
  for (size_t k = entries_.size(); k-- > 0;) {
    const RecordEntry& e = entries_[k];
    if (e.key_is_string && e.key() == key) return &e;
  }
  return nullptr;
}

std::string_view TimeText::get(const TimeValue& t) {
  if (!valid_ || sec_ != t.sec) {
    text_.clear();
    append_time_to_s(text_, TimeValue{t.sec, 0, false});
    sec_ = t.sec;
    valid_ = true;
  }
  return text_;
}

}  // namespace ferry::record_transformer
