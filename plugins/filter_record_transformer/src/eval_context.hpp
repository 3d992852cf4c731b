#pragma once
// What one record's placeholders and expressions read: the tag (split once
// per batch), the event time, the input record's top-level entries, and
// scratch storage for strings made while evaluating.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace ferry::record_transformer {

// tag.split('.') as Ruby does it (trailing empty parts dropped), plus the
// tag_prefix / tag_suffix lists. Every string is a view into the tag:
// prefix[i] is tag[0, end of part i), suffix[i] is tag[start of part i, end
// of the last part).
class TagParts {
 public:
  void reset(std::string_view tag);
  size_t size() const { return spans_.size(); }
  std::string_view tag() const { return tag_; }
  std::string_view get(TagList list, size_t i) const;
  // Ruby Array#[] index rule: i in [0, size) or [-size, -1]; false outside.
  bool resolve(int64_t index, size_t& out) const;

 private:
  struct Span {
    uint32_t begin;
    uint32_t end;
  };
  std::string_view tag_;
  std::vector<Span> spans_;
};

// One top-level pair of the input record: a view into the batch (key bytes
// then value bytes, contiguous).
struct RecordEntry {
  const char* begin = nullptr;
  uint32_t key_size = 0;     // raw key bytes (header included)
  uint32_t value_size = 0;   // raw value bytes
  uint32_t text_offset = 0;  // where a str/bin key's content starts in the raw key
  uint32_t text_size = 0;
  bool key_is_string = false;

  std::string_view key() const { return {begin + text_offset, text_size}; }
  std::string_view raw_key() const { return {begin, key_size}; }
  std::string_view raw_value() const { return {begin + key_size, value_size}; }
  const char* end() const { return begin + key_size + value_size; }
};

class RecordView {
 public:
  enum class Parse : uint8_t { kOk, kNotMap, kMalformed };
  // Indexes the map at p and moves p past it (kOk); p is unspecified
  // otherwise.
  Parse parse(const uint8_t*& p, const uint8_t* end);
  const std::vector<RecordEntry>& entries() const { return entries_; }
  std::string_view raw() const { return raw_; }
  // Ruby Hash#[] over a MessagePack map: with duplicate keys the last wins,
  // as when msgpack-ruby builds the Hash.
  const RecordEntry* find(std::string_view key) const;

 private:
  std::string_view raw_;
  std::vector<RecordEntry> entries_;
};

// Strings created while evaluating one record (upcase, to_s...). Views stay
// valid until reset(); the buffers are reused from record to record.
class StringArena {
 public:
  std::string& make() {
    if (used_ == bufs_.size()) bufs_.emplace_back();
    std::string& s = bufs_[used_++];
    s.clear();
    return s;
  }
  void reset() { used_ = 0; }

 private:
  std::deque<std::string> bufs_;  // deque: growing never moves existing strings
  size_t used_ = 0;
};

// Time#to_s of the event time, cached per second: most events of a batch
// share their second.
class TimeText {
 public:
  std::string_view get(const TimeValue& t);

 private:
  int64_t sec_ = 0;
  bool valid_ = false;
  std::string text_;
};

struct EvalContext {
  const TagParts* tag = nullptr;
  std::string_view hostname;
  TimeValue time;
  const RecordView* record = nullptr;
  StringArena* arena = nullptr;
  TimeText* time_text = nullptr;
};

}  // namespace ferry::record_transformer
