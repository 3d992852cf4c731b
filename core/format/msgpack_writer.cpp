#include "format/msgpack_writer.hpp"

#include <cstring>

namespace ferry::format {
namespace {

inline void put8(std::string& out, uint8_t tag, uint8_t v) {
  char b[2] = {char(tag), char(v)};
  out.append(b, 2);
}
inline void put16(std::string& out, uint8_t tag, uint16_t v) {
  char b[3] = {char(tag), char(v >> 8), char(v)};
  out.append(b, 3);
}
inline void put32(std::string& out, uint8_t tag, uint32_t v) {
  char b[5] = {char(tag), char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(b, 5);
}
inline void put64(std::string& out, uint8_t tag, uint64_t v) {
  char b[9] = {char(tag)};
  for (int i = 0; i < 8; ++i) b[1 + i] = char(v >> (56 - 8 * i));
  out.append(b, 9);
}

constexpr size_t kReservedHeader = 5;

// Writes the smallest header for a container of `count` into h (fixed
// prefix tag fix_tag, 16-bit tag t16, 32-bit tag t32); returns its length.
size_t container_header(char* h, uint32_t count, uint8_t fix_tag, uint8_t t16, uint8_t t32) {
  if (count < 16) {
    h[0] = char(fix_tag | count);
    return 1;
  }
  if (count <= 0xffff) {
    h[0] = char(t16), h[1] = char(count >> 8), h[2] = char(count);
    return 3;
  }
  h[0] = char(t32), h[1] = char(count >> 24), h[2] = char(count >> 16);
  h[3] = char(count >> 8), h[4] = char(count);
  return 5;
}

void end_container(std::string& out, size_t mark, uint32_t count, uint8_t fix_tag, uint8_t t16,
                   uint8_t t32) {
  char h[kReservedHeader];
  size_t n = container_header(h, count, fix_tag, t16, t32);
  std::memcpy(out.data() + mark + kReservedHeader - n, h, n);
  if (n != kReservedHeader) out.erase(mark, kReservedHeader - n);
}

}  // namespace

void mp_nil(std::string& out) {
  out.push_back(char(0xc0));
}
void mp_bool(std::string& out, bool b) {
  out.push_back(char(b ? 0xc3 : 0xc2));
}

void mp_uint(std::string& out, uint64_t u) {
  if (u <= 0x7f)
    out.push_back(char(u));
  else if (u <= 0xff)
    put8(out, 0xcc, uint8_t(u));
  else if (u <= 0xffff)
    put16(out, 0xcd, uint16_t(u));
  else if (u <= 0xffffffffu)
    put32(out, 0xce, uint32_t(u));
  else
    put64(out, 0xcf, u);
}

void mp_int(std::string& out, int64_t i) {
  if (i >= 0) return mp_uint(out, uint64_t(i));
  if (i >= -32)
    out.push_back(char(int8_t(i)));
  else if (i >= INT8_MIN)
    put8(out, 0xd0, uint8_t(int8_t(i)));
  else if (i >= INT16_MIN)
    put16(out, 0xd1, uint16_t(int16_t(i)));
  else if (i >= INT32_MIN)
    put32(out, 0xd2, uint32_t(int32_t(i)));
  else
    put64(out, 0xd3, uint64_t(i));
}

void mp_double(std::string& out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  put64(out, 0xcb, bits);
}

void mp_str_header(std::string& out, uint32_t len) {
  if (len < 32)
    out.push_back(char(0xa0 | len));
  else if (len <= 0xff)
    put8(out, 0xd9, uint8_t(len));
  else if (len <= 0xffff)
    put16(out, 0xda, uint16_t(len));
  else
    put32(out, 0xdb, len);
}

void mp_str(std::string& out, std::string_view s) {
  mp_str_header(out, uint32_t(s.size()));
  out.append(s);
}

void mp_bin(std::string& out, std::string_view s) {
  uint32_t len = uint32_t(s.size());
  if (len <= 0xff)
    put8(out, 0xc4, uint8_t(len));
  else if (len <= 0xffff)
    put16(out, 0xc5, uint16_t(len));
  else
    put32(out, 0xc6, len);
  out.append(s);
}

void mp_array_header(std::string& out, uint32_t count) {
  char h[kReservedHeader];
  out.append(h, container_header(h, count, 0x90, 0xdc, 0xdd));
}

void mp_map_header(std::string& out, uint32_t count) {
  char h[kReservedHeader];
  out.append(h, container_header(h, count, 0x80, 0xde, 0xdf));
}

void mp_ext(std::string& out, int8_t type, std::string_view payload) {
  uint32_t len = uint32_t(payload.size());
  static constexpr uint8_t kFixExt[17] = {0, 0xd4, 0xd5, 0, 0xd6, 0, 0, 0,   0xd7,
                                          0, 0,    0,    0, 0,    0, 0, 0xd8};
  if (len <= 16 && kFixExt[len]) {
    out.push_back(char(kFixExt[len]));
  } else if (len <= 0xff) {
    put8(out, 0xc7, uint8_t(len));
  } else if (len <= 0xffff) {
    put16(out, 0xc8, uint16_t(len));
  } else {
    put32(out, 0xc9, len);
  }
  out.push_back(char(type));
  out.append(payload);
}

size_t mp_begin_container(std::string& out) {
  size_t mark = out.size();
  out.append(kReservedHeader, '\0');
  return mark;
}

void mp_end_array(std::string& out, size_t mark, uint32_t count) {
  end_container(out, mark, count, 0x90, 0xdc, 0xdd);
}

void mp_end_map(std::string& out, size_t mark, uint32_t count) {
  end_container(out, mark, count, 0x80, 0xde, 0xdf);
}

}  // namespace ferry::format
