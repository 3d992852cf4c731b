#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ferry::format {

// One decoded MessagePack item. Scalars carry their value; str/bin/ext point
// into the input (no copy); array/map carry their element count and the
// caller reads the elements next.
struct MpValue {
  enum Type : uint8_t { kNil, kBool, kInt, kUint, kFloat, kStr, kBin, kArray, kMap, kExt };
  Type type = kNil;
  bool boolean = false;
  int64_t i = 0;               // kInt: negative integers only
  uint64_t u = 0;              // kUint: non-negative integers
  double f = 0;                // kFloat (float32 widened, as msgpack-ruby does)
  const char* data = nullptr;  // kStr, kBin, kExt payload
  uint32_t size = 0;           // bytes (str/bin/ext) or element count (array/map)
  int8_t ext_type = 0;

  std::string_view bytes() const { return {data, size}; }
};

// Reads the item at p and advances p past it; for arrays and maps only past
// the header. False (p unspecified) when the input is truncated or holds the
// never-used byte 0xc1.
bool read_item(const uint8_t*& p, const uint8_t* end, MpValue& v);

// Skips one whole value (nested containers included). False on malformed
// input or nesting deeper than kMaxDepth.
bool skip_value(const uint8_t*& p, const uint8_t* end);

// Deeper nesting is refused rather than risking the stack on hostile input.
constexpr int kMaxDepth = 512;

// Fluentd's EventTime: ext type 0 with 8 bytes.
inline bool is_event_time(const MpValue& v) {
  return v.type == MpValue::kExt && v.ext_type == 0 && v.size == 8;
}
uint32_t event_time_sec(const MpValue& v);
uint32_t event_time_nsec(const MpValue& v);

}  // namespace ferry::format
