#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buffer/chunk_id.hpp"

namespace ferry::buffer {

// A record-key chunk key and its value for this chunk. The value is kept as
// its MessagePack bytes (nil, str, int, ... as the record had it) so that a
// resumed chunk writes back exactly what Fluentd wrote, whatever the type.
struct ChunkVariable {
  std::string key;
  std::string value_msgpack;
  bool operator==(const ChunkVariable&) const = default;
};

// Chunk identity, Fluentd's Buffer::Metadata: events with equal metadata
// go to the same staged chunk. Each part is absent unless it is a chunk key.
struct ChunkMetadata {
  std::optional<int64_t> timekey;  // start of the time window, epoch sec
  std::optional<std::string> tag;
  std::optional<std::vector<ChunkVariable>> variables;  // in chunk-key order
  bool operator==(const ChunkMetadata&) const = default;
};

// Fluentd's timekey window start: t - ((t + utc_offset) mod timekey), the
// modulo taken as floor (Ruby's %), so times before the epoch work too.
int64_t timekey_window_start(int64_t t, int64_t timekey, int64_t utc_offset_sec);

// Everything in a `.meta` file.
struct ChunkMeta {
  ChunkMetadata metadata;
  ChunkId id;
  uint64_t records = 0;     // "s"
  int64_t created_at = 0;   // "c", epoch sec
  int64_t modified_at = 0;  // "m", epoch sec
  bool operator==(const ChunkMeta&) const = default;
};

// Fluentd's `.meta` bytes: C1 00, BE uint32 length L, then a msgpack map of L
// bytes with keys timekey, tag, variables, seq, id, s, c, m in that order.
// tag and id are msgpack bin, as Fluentd writes them (ASCII-8BIT strings).
std::string encode_chunk_meta(const ChunkMeta& meta);

struct DecodedChunkMeta {
  ChunkMeta meta;
  bool has_id = false;  // legacy metas may lack "id"; the file name has it
};

// Reads a `.meta` file's content: the C1 00 form (bytes after the L-byte map
// are ignored: the file is rewritten in place, never truncated) or the legacy
// bare map. nullopt with *error set when it is neither.
std::optional<DecodedChunkMeta> decode_chunk_meta(std::string_view bytes, std::string* error);

}  // namespace ferry::buffer
