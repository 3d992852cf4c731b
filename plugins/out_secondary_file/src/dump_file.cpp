#include "dump_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace ferry::secondary_file {

namespace {

std::string reason(const char* what, const std::string& path, int err) {
  return std::string(what) + " " + path + ": " + std::strerror(err);
}

// Ruby's File.dirname for the paths built here ("/a/b" -> "/a", "b" -> ".").
std::string dirname_of(const std::string& path) {
  size_t end = path.size();
  while (end > 1 && path[end - 1] == '/') --end;
  size_t slash = path.rfind('/', end - 1);
  if (slash == std::string::npos) return ".";
  while (slash > 0 && path[slash - 1] == '/') --slash;
  return slash == 0 ? "/" : path.substr(0, slash);
}

// mkdir -p with `mode` for every directory created.
bool make_dirs(const std::string& dir, unsigned mode, std::string* error) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) return true;
  const std::string parent = dirname_of(dir);
  if (parent != dir && !make_dirs(parent, mode, error)) return false;
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
    *error = reason("cannot create directory", dir, errno);
    return false;
  }
  return true;
}

bool write_all(int fd, const char* data, size_t len, const std::string& path, std::string* error) {
  while (len > 0) {
    const ssize_t n = ::write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = reason("cannot write", path, n < 0 ? errno : EIO);
      return false;
    }
    data += n;
    len -= size_t(n);
  }
  return true;
}

// One gzip member of `body`, written in slices: a chunk may be hundreds of
// MiB, its compressed form is never held whole.
bool write_gzip(int fd, std::string_view body, const std::string& path, std::string* error) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer, as Zlib::GzipWriter.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    *error = "cannot start gzip compression";
    return false;
  }
  constexpr size_t kSlice = 256 * 1024;
  char out[64 * 1024];
  bool ok = true;
  size_t offset = 0;
  int flush = Z_NO_FLUSH;
  while (ok && flush != Z_FINISH) {
    const size_t n = std::min(kSlice, body.size() - offset);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data() + offset));
    z.avail_in = uInt(n);
    offset += n;
    flush = offset == body.size() ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(out);
      z.avail_out = sizeof out;
      rc = deflate(&z, flush);
      if (rc == Z_STREAM_ERROR) {
        *error = "gzip compression failed";
        ok = false;
        break;
      }
      const size_t produced = sizeof out - z.avail_out;
      if (produced && !write_all(fd, out, produced, path, error)) {
        ok = false;
        break;
      }
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  }
  deflateEnd(&z);
  return ok;
}

// The open dump file; undone (removed, or cut back to its old size) unless
// kept.
class DumpFile {
 public:
  ~DumpFile() {
    if (fd_ < 0) return;
    if (created_) {
      ::unlink(path_.c_str());
    } else if (::ftruncate(fd_, start_) != 0) {
      // Nothing more can be done; a retry appends after the partial chunk.
    }
    ::close(fd_);  // also releases the lock, after the undo
  }

  // append: the file, created when missing. Else the first free index.
  bool open(const std::string& base, const std::string& suffix, const DumpOptions& o,
            std::string* error) {
    const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
    if (o.append) {
      path_ = base + suffix;
      // Whether this write created the file decides its undo.
      fd_ = ::open(path_.c_str(), flags | O_EXCL, o.file_mode);
      created_ = fd_ >= 0;
      if (fd_ < 0 && errno == EEXIST) fd_ = ::open(path_.c_str(), flags & ~O_CREAT);
      if (fd_ < 0) {
        *error = reason("cannot open", path_, errno);
        return false;
      }
    } else {
      // generate_path: the first N whose file does not exist; O_EXCL closes
      // the gap between looking and creating (Fluentd: a lock and a retry).
      for (unsigned i = 0;; ++i) {
        path_ = base + "." + std::to_string(i) + suffix;
        fd_ = ::open(path_.c_str(), flags | O_EXCL, o.file_mode);
        if (fd_ >= 0) break;
        if (errno != EEXIST) {
          *error = reason("cannot create", path_, errno);
          return false;
        }
      }
      created_ = true;
    }
    if (::flock(fd_, LOCK_EX) != 0) {
      *error = reason("cannot lock", path_, errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd_, &st) != 0) {
      *error = reason("cannot stat", path_, errno);
      return false;
    }
    start_ = st.st_size;
    return true;
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // Synced and closed: the chunk is in the file for good.
  bool keep(std::string* error) {
    if (::fdatasync(fd_) != 0 && errno != EINVAL) {
      *error = reason("cannot sync", path_, errno);
      return false;
    }
    // Synced: an error of close() cannot lose what is on disk any more.
    ::close(std::exchange(fd_, -1));
    return true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  off_t start_ = 0;
  bool created_ = false;
};

}  // namespace

std::string join_path(std::string_view directory, std::string_view basename) {
  std::string out(directory);
  if (out.empty() || out.back() != '/') out += '/';
  out += basename;
  return out;
}

bool writable_p(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0)
    return !S_ISDIR(st.st_mode) && ::access(path.c_str(), W_OK) == 0;
  std::string dir = dirname_of(path);
  while (::stat(dir.c_str(), &st) != 0) {
    const std::string parent = dirname_of(dir);
    if (parent == dir) return false;
    dir = parent;
  }
  return S_ISDIR(st.st_mode) && ::access(dir.c_str(), W_OK) == 0;
}

std::string write_dump(const std::string& path_without_suffix, std::string_view body,
                       const DumpOptions& options, std::string* error) {
  if (!make_dirs(dirname_of(path_without_suffix), options.dir_mode, error)) return "";
  const bool gzip = options.compression == Compression::kGzip;
  DumpFile file;
  if (!file.open(path_without_suffix, gzip ? ".gz" : "", options, error)) return "";
  const bool written = gzip ? write_gzip(file.fd(), body, file.path(), error)
                            : write_all(file.fd(), body.data(), body.size(), file.path(), error);
  if (!written || !file.keep(error)) return "";
  return file.path();
}

}  // namespace ferry::secondary_file
