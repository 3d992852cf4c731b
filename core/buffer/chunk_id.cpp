#include "buffer/chunk_id.hpp"

#include <chrono>
#include <random>

namespace ferry::buffer {

namespace {
uint64_t random64() {
  // One generator per thread, seeded from the OS: ids must not collide
  // across restarts, which a fixed seed would risk.
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen();
}
void put_be64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = uint8_t(v);
    v >>= 8;
  }
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

ChunkId ChunkId::generate() {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  ChunkId id;
  put_be64(id.bytes.data(), (uint64_t(us) << 12) | (random64() & 0xfff));
  put_be64(id.bytes.data() + 8, random64());
  return id;
}

std::string ChunkId::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::optional<ChunkId> ChunkId::from_hex(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  ChunkId id;
  for (size_t i = 0; i < 16; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id.bytes[i] = uint8_t(hi << 4 | lo);
  }
  return id;
}

}  // namespace ferry::buffer
