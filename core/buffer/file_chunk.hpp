#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "buffer/chunk.hpp"

namespace ferry::buffer {

// Where a file buffer's chunks live: <dir>/<prefix><b|q><32 hex><suffix>,
// plus <that>.meta. Defaults give Fluentd's `path <dir>` layout.
struct FileChunkLocation {
  std::filesystem::path dir;
  std::string prefix = "buffer.";
  std::string suffix = ".log";

  std::filesystem::path chunk_path(ChunkState state, const ChunkId& id) const;
  static std::filesystem::path meta_path(const std::filesystem::path& chunk_path);
};

// When chunk files reach the disk (Ferry extension `fsync`, see
// docs/buffer.md). Every policy survives a crash of the process: a write()
// that returned is in the kernel's page cache. They differ on power loss.
enum class FsyncPolicy {
  kNever,      // the kernel decides
  kOnEnqueue,  // default: data + meta fsynced before the b -> q rename
  kOnCommit,   // data + meta fsynced on every commit (slow)
};

struct FileChunkOptions {
  ChunkOptions chunk;
  FsyncPolicy fsync = FsyncPolicy::kOnEnqueue;
  unsigned file_permission = 0644;
};

class FileChunk final : public Chunk {
 public:
  ~FileChunk() override;

  // A new, empty staged chunk; its meta (s = 0) is written at once.
  static std::unique_ptr<FileChunk> create(const FileChunkLocation& location,
                                           const ChunkMetadata& metadata,
                                           const FileChunkOptions& options, std::string* error);
  // Takes over an existing chunk file found on resume; `committed_bytes` is
  // the verified body size (the file is already cut to it).
  static std::unique_ptr<FileChunk> adopt(const FileChunkLocation& location, ChunkState state,
                                          ChunkMeta meta, uint64_t committed_bytes,
                                          const FileChunkOptions& options, std::string* error);

  const std::filesystem::path& path() const { return path_; }
  uint64_t bytes() const override { return committed_bytes_; }
  uint64_t pending_bytes() const override { return written_bytes_ - committed_bytes_; }
  bool append(std::string_view data, uint64_t records, std::string* error) override;
  // Rewrites the meta in place with the new record count and mtime.
  bool commit(std::string* error) override;
  // Truncates the body back to the last committed size.
  bool rollback(std::string* error) override;
  bool read(std::string& out, std::string* error) const override;
  // Rewrites the meta, then renames both files b -> q.
  bool enqueue(std::string* error) override;
  bool purge(std::string* error) override;

 private:
  FileChunk(const FileChunkLocation& location, ChunkState state, ChunkMeta meta,
            const FileChunkOptions& options);
  bool open_files(int body_flags, std::string* error);
  void close_files();
  bool write_meta(std::string* error);
  bool sync(std::string* error);

  FileChunkLocation location_;
  FileChunkOptions file_options_;
  std::filesystem::path path_;
  int body_fd_ = -1;
  int meta_fd_ = -1;
  uint64_t committed_bytes_ = 0;
  uint64_t written_bytes_ = 0;  // committed + pending
  std::string scratch_;         // gzip member being written
};

}  // namespace ferry::buffer
