// Reading through a record accessor path: Hash#dig over MessagePack bytes.
#include "format/msgpack_reader.hpp"
#include "format/record_accessor.hpp"
#include "format/ruby_value.hpp"

namespace ferry::format {

bool map_find(const uint8_t* p, const uint8_t* end, std::string_view key, const uint8_t** value) {
  *value = nullptr;
  MpValue m;
  if (!read_item(p, end, m) || m.type != MpValue::kMap) return false;
  for (uint32_t i = 0; i < m.size; ++i) {
    MpValue k;
    const uint8_t* key_start = p;
    if (!read_item(p, end, k)) return false;
    bool match = (k.type == MpValue::kStr || k.type == MpValue::kBin) && k.bytes() == key;
    if (k.type != MpValue::kStr && k.type != MpValue::kBin) {
      p = key_start;
      if (!skip_value(p, end)) return false;
    }
    if (match) *value = p;
    if (!skip_value(p, end)) return false;
  }
  return true;
}

bool append_field_to_s(std::string& out, const uint8_t* record, const uint8_t* end,
                       std::string_view key, std::string* error) {
  const uint8_t* value;
  if (!map_find(record, end, key, &value)) {
    if (error) *error = "malformed MessagePack record";
    return false;
  }
  return !value || append_ruby_to_s(out, value, end, 0, error);
}

RecordAccessor::Result RecordAccessor::find(const uint8_t* record, const uint8_t* end,
                                            const uint8_t** value) const {
  const uint8_t* cur = record;
  for (const Step& step : steps_) {
    const uint8_t* p = cur;
    MpValue v;
    if (!read_item(p, end, v)) return Result::kMalformed;
    if (v.type == MpValue::kNil) return Result::kMissing;  // dig stops at nil
    if (v.type == MpValue::kMap) {
      const uint8_t* found = nullptr;
      if (!step.is_index) {
        if (!map_find(cur, end, step.key, &found)) return Result::kMalformed;
      } else {
        // An integer key: look for an integer map key.
        for (uint32_t i = 0; i < v.size; ++i) {
          MpValue k;
          const uint8_t* ks = p;
          if (!read_item(p, end, k)) return Result::kMalformed;
          bool match =
              (k.type == MpValue::kUint && step.index >= 0 && k.u == uint64_t(step.index)) ||
              (k.type == MpValue::kInt && k.i == step.index);
          if (k.type == MpValue::kArray || k.type == MpValue::kMap) {
            p = ks;
            if (!skip_value(p, end)) return Result::kMalformed;
          }
          if (match) found = p;
          if (!skip_value(p, end)) return Result::kMalformed;
        }
      }
      if (!found) return Result::kMissing;
      cur = found;
    } else if (v.type == MpValue::kArray) {
      if (!step.is_index) return Result::kTypeError;
      int64_t i = step.index < 0 ? int64_t(v.size) + step.index : step.index;
      if (i < 0 || i >= int64_t(v.size)) return Result::kMissing;
      for (int64_t k = 0; k < i; ++k) {
        if (!skip_value(p, end)) return Result::kMalformed;
      }
      cur = p;
    } else {
      return Result::kTypeError;
    }
  }
  *value = cur;
  return Result::kFound;
}

}  // namespace ferry::format
