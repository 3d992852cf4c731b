#pragma once
// Inline skipping of the MessagePack values event streams are mostly made
// of. Profiling showed the out-of-line reader call per field dominating the
// filter; anything unusual still goes to core/format's full reader.
#include <cstddef>
#include <cstdint>

#include "format/msgpack_reader.hpp"

namespace ferry::record_transformer {

// Skips one value (p < end); false on malformed input.
inline bool skip_field(const uint8_t*& p, const uint8_t* end) {
  const uint8_t b = *p;
  if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
    ++p;
    return true;
  }
  size_t n = 0;
  if ((b & 0xe0) == 0xa0)
    n = 1 + (b & 0x1f);  // fixstr
  else if (b == 0xd9 && end - p >= 2)
    n = 2 + p[1];  // str8
  else if (b == 0xcc || b == 0xd0)
    n = 2;  // (u)int8
  else if (b == 0xcd || b == 0xd1)
    n = 3;  // (u)int16
  else if (b == 0xce || b == 0xd2 || b == 0xca)
    n = 5;  // (u)int32, float32
  else if (b == 0xcf || b == 0xd3 || b == 0xcb)
    n = 9;  // (u)int64, float64
  else if (b == 0xd7)
    n = 10;  // fixext8 (EventTime)
  else
    return format::skip_value(p, end);
  if (size_t(end - p) < n) return false;
  p += n;
  return true;
}

}  // namespace ferry::record_transformer
