#pragma once
// What the opaque `struct ferry_chunk_meta` of the ABI (ferry_chunk::meta,
// ABI 1.1) is inside the host: the buffered chunk's metadata, for
// placeholder_expand. Filled by Instance::write_chunk; valid until the
// write completes.
#include "buffer/chunk_meta.hpp"

struct ferry_chunk_meta {
  const ferry::buffer::ChunkMeta* meta;
};
