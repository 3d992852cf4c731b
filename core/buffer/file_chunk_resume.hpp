#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "buffer/file_chunk.hpp"

namespace ferry::buffer {

struct ResumeOptions {
  FileChunkOptions file;
  // Where damaged pieces go (Fluentd: <root_dir>/backup/worker<N>/<@id>/).
  // Empty: a broken chunk is renamed in place to "<name>.broken", which the
  // resume pattern never matches again.
  std::filesystem::path backup_dir;
};

struct ResumedChunks {
  std::vector<std::unique_ptr<FileChunk>> staged;
  std::vector<std::unique_ptr<FileChunk>> queued;  // flush order: oldest "m" first
  // What recovery had to do (each also logged).
  size_t torn_tails_cut = 0;    // a torn last record cut off (the tail saved to backup)
  size_t metas_rebuilt = 0;     // missing/corrupt meta rebuilt from the data
  size_t counts_fixed = 0;      // meta "s" disagreed with the data
  size_t chunks_backed_up = 0;  // nothing whole left: moved out of the buffer
  size_t empty_removed = 0;     // empty chunk with a good meta: deleted
};

// Loads a buffer directory written by Ferry or Fluentd (docs/buffer.md,
// "Recovery"). Never fails as a whole: each damaged chunk is repaired or
// moved aside, so a restart never loops on the same broken file.
ResumedChunks resume_file_chunks(const FileChunkLocation& location, const ResumeOptions& options);

}  // namespace ferry::buffer
