#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "buffer/chunk_id.hpp"
#include "buffer/chunk_meta.hpp"
#include "buffer/chunk_scan.hpp"
#include "event/event_batch.hpp"

namespace ferry::buffer {

enum class ChunkState {
  kStaged,  // accepting appends
  kQueued,  // waiting for (or in) a flush; never written again
  kPurged,  // gone (flushed, or dropped to the error path)
};

struct ChunkOptions {
  bool gzip = false;  // `compress gzip`: one gzip member per append
  BodyFraming framing = BodyFraming::kMsgpackStream;
};

// One buffer chunk, memory or file. A writer appends whole events, then
// either commits (they become part of the chunk) or rolls back (the chunk is
// exactly as at the last commit), so a failed or partial write of a batch
// never leaves half of it behind. Not thread-safe: the buffer that owns the
// chunk serialises access.
class Chunk {
 public:
  virtual ~Chunk() = default;

  const ChunkId& id() const { return meta_.id; }
  const ChunkMetadata& metadata() const { return meta_.metadata; }
  const ChunkMeta& meta() const { return meta_; }
  ChunkState state() const { return state_; }
  const ChunkOptions& options() const { return options_; }
  // Committed content: records and stored bytes (compressed when gzip);
  // what the size limits count.
  uint64_t records() const { return meta_.records; }
  virtual uint64_t bytes() const = 0;
  // Appended since the last commit.
  uint64_t pending_records() const { return pending_records_; }
  // Stored bytes appended since the last commit (compressed when gzip): the
  // buffer checks a trial append against the size limit before committing.
  virtual uint64_t pending_bytes() const = 0;

  // Stages `data` (`records` whole events, already formatted). Only staged
  // chunks accept appends.
  virtual bool append(std::string_view data, uint64_t records, std::string* error) = 0;
  virtual bool commit(std::string* error) = 0;
  virtual bool rollback(std::string* error) = 0;
  // The committed body, decompressed: what an output writes.
  virtual bool read(std::string& out, std::string* error) const = 0;
  // The same as a batch for an output. The default reads a copy (a file
  // chunk keeps nothing in RAM); a queued memory chunk shares its own bytes.
  virtual bool read_batch(EventBatch& out, std::string* error) const;
  // Staged -> queued. Pending appends must be committed or rolled back first.
  virtual bool enqueue(std::string* error) = 0;
  // Removes the chunk for good (after a successful flush).
  virtual bool purge(std::string* error) = 0;

 protected:
  Chunk(ChunkMeta meta, ChunkState state, ChunkOptions options)
      : meta_(std::move(meta)), state_(state), options_(options) {}

  ChunkMeta meta_;
  ChunkState state_;
  ChunkOptions options_;
  uint64_t pending_records_ = 0;
};

// Epoch seconds, what "c" and "m" hold.
int64_t chunk_clock_now();

}  // namespace ferry::buffer
