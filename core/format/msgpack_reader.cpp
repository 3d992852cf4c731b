#include "format/msgpack_reader.hpp"

#include <cstring>

namespace ferry::format {
namespace {

inline uint16_t be16(const uint8_t* p) {
  return uint16_t(p[0] << 8 | p[1]);
}
inline uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline uint64_t be64(const uint8_t* p) {
  return uint64_t(be32(p)) << 32 | be32(p + 4);
}

// Points v at `n` payload bytes following p.
inline bool take(const uint8_t*& p, const uint8_t* end, uint64_t n, MpValue& v) {
  if (uint64_t(end - p) < n) return false;
  v.data = reinterpret_cast<const char*>(p);
  v.size = uint32_t(n);
  p += n;
  return true;
}

inline void set_uint(MpValue& v, uint64_t u) {
  v.type = MpValue::kUint;
  v.u = u;
}
inline void set_int(MpValue& v, int64_t i) {
  if (i >= 0) {
    set_uint(v, uint64_t(i));
  } else {
    v.type = MpValue::kInt;
    v.i = i;
  }
}

}  // namespace

bool read_item(const uint8_t*& p, const uint8_t* end, MpValue& v) {
  if (p >= end) return false;
  const uint8_t b = *p++;
  const size_t left = size_t(end - p);
  if (b <= 0x7f) return set_uint(v, b), true;
  if (b >= 0xe0) return set_int(v, int8_t(b)), true;
  if ((b & 0xf0) == 0x80) return v.type = MpValue::kMap, v.size = b & 0x0f, true;
  if ((b & 0xf0) == 0x90) return v.type = MpValue::kArray, v.size = b & 0x0f, true;
  if ((b & 0xe0) == 0xa0) return v.type = MpValue::kStr, take(p, end, b & 0x1f, v);
  // Fixed-width header lengths for 0xc0..0xdf: bytes after the tag byte.
  static constexpr uint8_t kHeader[32] = {0, 0, 0, 0, 1, 2, 4, 2, 3,  5, 4, 8, 1, 2, 4, 8,
                                          1, 2, 4, 8, 2, 3, 5, 9, 17, 1, 2, 4, 2, 4, 2, 4};
  const uint8_t h = kHeader[b - 0xc0];
  if (left < h) return false;
  const uint8_t* q = p;
  p += h;
  switch (b) {
    case 0xc0:
      v.type = MpValue::kNil;
      return true;
    case 0xc1:
      return false;
    case 0xc2:
    case 0xc3:
      v.type = MpValue::kBool;
      v.boolean = b == 0xc3;
      return true;
    case 0xc4:
      v.type = MpValue::kBin;
      return take(p, end, q[0], v);
    case 0xc5:
      v.type = MpValue::kBin;
      return take(p, end, be16(q), v);
    case 0xc6:
      v.type = MpValue::kBin;
      return take(p, end, be32(q), v);
    case 0xc7:
      v.type = MpValue::kExt;
      v.ext_type = int8_t(q[1]);
      return take(p, end, q[0], v);
    case 0xc8:
      v.type = MpValue::kExt;
      v.ext_type = int8_t(q[2]);
      return take(p, end, be16(q), v);
    case 0xc9:
      v.type = MpValue::kExt;
      v.ext_type = int8_t(q[4]);
      return take(p, end, be32(q), v);
    case 0xca: {
      uint32_t bits = be32(q);
      float f;
      std::memcpy(&f, &bits, 4);
      v.type = MpValue::kFloat;
      v.f = f;
      return true;
    }
    case 0xcb: {
      uint64_t bits = be64(q);
      v.type = MpValue::kFloat;
      std::memcpy(&v.f, &bits, 8);
      return true;
    }
    case 0xcc:
      return set_uint(v, q[0]), true;
    case 0xcd:
      return set_uint(v, be16(q)), true;
    case 0xce:
      return set_uint(v, be32(q)), true;
    case 0xcf:
      return set_uint(v, be64(q)), true;
    case 0xd0:
      return set_int(v, int8_t(q[0])), true;
    case 0xd1:
      return set_int(v, int16_t(be16(q))), true;
    case 0xd2:
      return set_int(v, int32_t(be32(q))), true;
    case 0xd3:
      return set_int(v, int64_t(be64(q))), true;
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      // fixext 1/2/4/8/16: type byte then the payload (counted in kHeader).
      v.type = MpValue::kExt;
      v.ext_type = int8_t(q[0]);
      v.data = reinterpret_cast<const char*>(q + 1);
      v.size = h - 1;
      return true;
    case 0xd9:
      v.type = MpValue::kStr;
      return take(p, end, q[0], v);
    case 0xda:
      v.type = MpValue::kStr;
      return take(p, end, be16(q), v);
    case 0xdb:
      v.type = MpValue::kStr;
      return take(p, end, be32(q), v);
    case 0xdc:
      v.type = MpValue::kArray;
      v.size = be16(q);
      return true;
    case 0xdd:
      v.type = MpValue::kArray;
      v.size = be32(q);
      return true;
    case 0xde:
      v.type = MpValue::kMap;
      v.size = be16(q);
      return true;
    case 0xdf:
      v.type = MpValue::kMap;
      v.size = be32(q);
      return true;
  }
  return false;
}

bool skip_value(const uint8_t*& p, const uint8_t* end) {
  // Iterative: `pending` counts values still to skip at all levels, so the
  // depth limit only guards against absurd inputs, not the C++ stack.
  uint64_t pending = 1;
  MpValue v;
  while (pending > 0) {
    if (!read_item(p, end, v)) return false;
    --pending;
    if (v.type == MpValue::kArray)
      pending += v.size;
    else if (v.type == MpValue::kMap)
      pending += uint64_t(v.size) * 2;
    // Every element needs at least one byte: reject counts the input cannot hold.
    if (pending > uint64_t(end - p)) return false;
  }
  return true;
}

uint32_t event_time_sec(const MpValue& v) {
  return be32(reinterpret_cast<const uint8_t*>(v.data));
}
uint32_t event_time_nsec(const MpValue& v) {
  return be32(reinterpret_cast<const uint8_t*>(v.data) + 4);
}

}  // namespace ferry::format
