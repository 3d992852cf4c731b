#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::buffer {

// Fluentd's unique_id (lib/fluent/unique_id.rb): 16 bytes, a big-endian
// uint64 of (microseconds since the epoch << 12 | 12 random bits), then 64
// random bits. Readers only rely on uniqueness; the time prefix makes ids of
// one process sort roughly by creation.
struct ChunkId {
  std::array<uint8_t, 16> bytes{};

  static ChunkId generate();
  // 32 lowercase hex digits: the name part after ".b" / ".q".
  std::string hex() const;
  // Accepts exactly 32 hex digits (either case).
  static std::optional<ChunkId> from_hex(std::string_view hex);
  bool operator==(const ChunkId&) const = default;
};

}  // namespace ferry::buffer
