#include "buffer/file_chunk.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "buffer/gzip_member.hpp"

namespace ferry::buffer {

namespace fs = std::filesystem;

namespace {

std::string errno_text(const std::string& what, const fs::path& p) {
  return what + " " + p.string() + ": " + std::strerror(errno);
}

bool write_all_at(int fd, const char* p, size_t n, off_t off) {
  while (n > 0) {
    ssize_t w = ::pwrite(fd, p, n, off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= size_t(w);
    off += w;
  }
  return true;
}

}  // namespace

fs::path FileChunkLocation::chunk_path(ChunkState state, const ChunkId& id) const {
  return dir / (prefix + (state == ChunkState::kStaged ? "b" : "q") + id.hex() + suffix);
}

fs::path FileChunkLocation::meta_path(const fs::path& chunk_path) {
  fs::path p = chunk_path;
  p += ".meta";
  return p;
}

FileChunk::FileChunk(const FileChunkLocation& location, ChunkState state, ChunkMeta meta,
                     const FileChunkOptions& options)
    : Chunk(std::move(meta), state, options.chunk),
      location_(location),
      file_options_(options),
      path_(location.chunk_path(state, meta_.id)) {}

FileChunk::~FileChunk() {
  close_files();
}

void FileChunk::close_files() {
  if (body_fd_ >= 0) ::close(body_fd_);
  if (meta_fd_ >= 0) ::close(meta_fd_);
  body_fd_ = meta_fd_ = -1;
}

bool FileChunk::open_files(int body_flags, std::string* error) {
  body_fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC | body_flags, file_options_.file_permission);
  if (body_fd_ < 0) {
    *error = errno_text("cannot open chunk", path_);
    return false;
  }
  fs::path meta = FileChunkLocation::meta_path(path_);
  meta_fd_ = ::open(meta.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, file_options_.file_permission);
  if (meta_fd_ < 0) {
    *error = errno_text("cannot open chunk meta", meta);
    return false;
  }
  return true;
}

std::unique_ptr<FileChunk> FileChunk::create(const FileChunkLocation& location,
                                             const ChunkMetadata& metadata,
                                             const FileChunkOptions& options, std::string* error) {
  ChunkMeta meta;
  meta.metadata = metadata;
  meta.id = ChunkId::generate();
  meta.created_at = meta.modified_at = chunk_clock_now();
  std::unique_ptr<FileChunk> chunk(
      new FileChunk(location, ChunkState::kStaged, std::move(meta), options));
  // O_EXCL: a colliding id must never append to someone else's chunk.
  if (!chunk->open_files(O_CREAT | O_EXCL, error) || !chunk->write_meta(error)) return nullptr;
  return chunk;
}

std::unique_ptr<FileChunk> FileChunk::adopt(const FileChunkLocation& location, ChunkState state,
                                            ChunkMeta meta, uint64_t committed_bytes,
                                            const FileChunkOptions& options, std::string* error) {
  std::unique_ptr<FileChunk> chunk(new FileChunk(location, state, std::move(meta), options));
  if (!chunk->open_files(0, error)) return nullptr;
  chunk->committed_bytes_ = chunk->written_bytes_ = committed_bytes;
  // Queued chunks are only read (by path) and deleted: no descriptors held.
  if (state == ChunkState::kQueued) chunk->close_files();
  return chunk;
}

bool FileChunk::append(std::string_view data, uint64_t records, std::string* error) {
  if (state_ != ChunkState::kStaged) {
    *error = "chunk " + path_.string() + " is not staged";
    return false;
  }
  std::string_view bytes = data;
  if (options_.gzip) {
    scratch_.clear();
    append_gzip_member(data, scratch_);
    bytes = scratch_;
  }
  // pwrite at our own end mark (not O_APPEND): after a failed partial write
  // the next append or rollback still knows where whole data ends.
  if (!write_all_at(body_fd_, bytes.data(), bytes.size(), off_t(written_bytes_))) {
    *error = errno_text("cannot write chunk", path_);
    return false;
  }
  written_bytes_ += bytes.size();
  pending_records_ += records;
  return true;
}

bool FileChunk::write_meta(std::string* error) {
  std::string bytes = encode_chunk_meta(meta_);
  // In place from offset 0, never truncated (as Fluentd): readers honour the
  // length in the header, and a shorter rewrite leaves harmless bytes behind.
  if (!write_all_at(meta_fd_, bytes.data(), bytes.size(), 0)) {
    *error = errno_text("cannot write chunk meta", FileChunkLocation::meta_path(path_));
    return false;
  }
  return true;
}

bool FileChunk::sync(std::string* error) {
  if (::fdatasync(body_fd_) != 0 || ::fdatasync(meta_fd_) != 0) {
    *error = errno_text("cannot fsync chunk", path_);
    return false;
  }
  return true;
}

bool FileChunk::commit(std::string* error) {
  ChunkMeta before = meta_;
  meta_.records += pending_records_;
  meta_.modified_at = chunk_clock_now();
  if (!write_meta(error) || (file_options_.fsync == FsyncPolicy::kOnCommit && !sync(error))) {
    meta_ = before;
    return false;
  }
  committed_bytes_ = written_bytes_;
  pending_records_ = 0;
  return true;
}

bool FileChunk::rollback(std::string* error) {
  if (::ftruncate(body_fd_, off_t(committed_bytes_)) != 0) {
    *error = errno_text("cannot truncate chunk", path_);
    return false;
  }
  written_bytes_ = committed_bytes_;
  pending_records_ = 0;
  return true;
}

bool FileChunk::read(std::string& out, std::string* error) const {
  // A queued chunk holds no descriptor (a full 64 GiB buffer of small
  // chunks would otherwise exhaust them): open it for this read.
  int fd = body_fd_;
  if (fd < 0) fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = errno_text("cannot open chunk", path_);
    return false;
  }
  std::string raw(committed_bytes_, '\0');
  size_t got = 0;
  ssize_t r = 1;
  while (got < raw.size()) {
    r = ::pread(fd, raw.data() + got, raw.size() - got, off_t(got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += size_t(r);
  }
  int read_errno = errno;
  if (fd != body_fd_) ::close(fd);
  if (got < raw.size()) {
    errno = read_errno;
    *error = r == 0 ? "chunk " + path_.string() + " is shorter than committed"
                    : errno_text("cannot read chunk", path_);
    return false;
  }
  if (!options_.gzip) {
    out = std::move(raw);
    return true;
  }
  GzipScan scan = inflate_gzip_members(raw);
  if (scan.whole_bytes != raw.size()) {
    *error = "chunk " + path_.string() + ": damaged gzip member";
    return false;
  }
  out = std::move(scan.inflated);
  return true;
}

bool FileChunk::enqueue(std::string* error) {
  if (state_ != ChunkState::kStaged || written_bytes_ != committed_bytes_) {
    *error = "chunk " + path_.string() + " cannot be enqueued: not staged or has uncommitted data";
    return false;
  }
  meta_.modified_at = chunk_clock_now();
  if (!write_meta(error)) return false;
  // The q name promises a finished chunk: with kOnEnqueue it is on disk
  // before the rename makes that promise.
  if (file_options_.fsync != FsyncPolicy::kNever && !sync(error)) return false;
  fs::path queued = location_.chunk_path(ChunkState::kQueued, meta_.id);
  // Meta first: a crash in between leaves q.log.meta + b.log; resume treats
  // a b file without meta as queued, and repairs the meta name there.
  if (::rename(FileChunkLocation::meta_path(path_).c_str(),
               FileChunkLocation::meta_path(queued).c_str()) != 0 ||
      ::rename(path_.c_str(), queued.c_str()) != 0) {
    *error = errno_text("cannot rename chunk to", queued);
    return false;
  }
  path_ = queued;
  state_ = ChunkState::kQueued;
  // Never appended to again: a queued chunk keeps nothing in RAM and no
  // descriptors (read() opens it by path).
  std::string().swap(scratch_);
  close_files();
  // The renames themselves live in the directory: sync it too, or a power
  // loss could bring back the b name after an output already saw q.
  if (file_options_.fsync != FsyncPolicy::kNever) {
    int dir_fd = ::open(location_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = dir_fd >= 0 && ::fsync(dir_fd) == 0;
    if (dir_fd >= 0) ::close(dir_fd);
    if (!ok) {
      *error = errno_text("cannot fsync buffer directory", location_.dir);
      return false;
    }
  }
  return true;
}

bool FileChunk::purge(std::string* error) {
  fs::path meta = FileChunkLocation::meta_path(path_);
  if ((::unlink(path_.c_str()) != 0 && errno != ENOENT) ||
      (::unlink(meta.c_str()) != 0 && errno != ENOENT)) {
    *error = errno_text("cannot delete chunk", path_);
    return false;
  }
  close_files();
  committed_bytes_ = written_bytes_ = 0;
  state_ = ChunkState::kPurged;
  return true;
}

}  // namespace ferry::buffer
