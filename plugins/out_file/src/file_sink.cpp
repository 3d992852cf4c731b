#include "file_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "file_naming.hpp"

namespace ferry::out_file {

namespace {

std::string reason(const char* what, const std::string& path, int err) {
  return std::string(what) + " " + path + ": " + std::strerror(err);
}

constexpr size_t kZChunk = 64 * 1024;

}  // namespace

bool make_dirs(const std::string& dir, unsigned mode, std::string* error) {
  struct stat st;
  if (dir.empty() || ::stat(dir.c_str(), &st) == 0) return true;
  const std::string parent = dirname_of(dir);
  if (parent != dir && !make_dirs(parent, mode, error)) return false;
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
    *error = reason("cannot create directory", dir, errno);
    return false;
  }
  return true;
}

FileSink::FileSink(Compression compression, Permissions permissions)
    : compression_(compression), permissions_(permissions) {}

FileSink::~FileSink() {
  abandon();
}

bool FileSink::open(std::string_view expanded, bool append, std::string* error) {
  abandon();
  if (!make_dirs(dirname_of(expanded), permissions_.dir, error)) return false;
  const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
  if (append) {
    path_.assign(expanded);
    // Knowing whether this write created the file decides its undo.
    fd_ = ::open(path_.c_str(), flags | O_EXCL, permissions_.file);
    created_ = fd_ >= 0;
    if (fd_ < 0 && errno == EEXIST) fd_ = ::open(path_.c_str(), flags & ~O_CREAT);
    if (fd_ < 0) {
      *error = reason("cannot open", path_, errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd_, &st) != 0) {
      *error = reason("cannot stat", path_, errno);
      close_fd();
      return false;
    }
    start_ = st.st_size;
    regular_ = S_ISREG(st.st_mode);
  } else {
    // Fluentd's find_filepath_available; O_EXCL closes the gap between the
    // existence check and the creation.
    for (unsigned i = 0;; ++i) {
      path_ = indexed_path(expanded, i);
      fd_ = ::open(path_.c_str(), flags | O_EXCL, permissions_.file);
      if (fd_ >= 0) break;
      if (errno != EEXIST) {
        *error = reason("cannot create", path_, errno);
        return false;
      }
    }
    start_ = 0;
    created_ = true;
    regular_ = true;
  }
  if (compression_ == Compression::kGzip) {
    z_ = z_stream{};
    // windowBits 15 + 16: a gzip member, as Ruby's Zlib::GzipWriter writes.
    if (deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      *error = "cannot start gzip compression";
      abandon();
      return false;
    }
    z_active_ = true;
    zbuf_.resize(kZChunk);
  }
  return true;
}

bool FileSink::write_raw(const char* data, size_t len, std::string* error) {
  while (len > 0) {
    const ssize_t n = ::write(fd_, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = reason("cannot write", path_, n < 0 ? errno : EIO);
      return false;
    }
    data += n;
    len -= size_t(n);
  }
  return true;
}

bool FileSink::deflate_some(int flush, std::string* error) {
  int rc;
  do {
    z_.next_out = reinterpret_cast<Bytef*>(zbuf_.data());
    z_.avail_out = uInt(zbuf_.size());
    rc = deflate(&z_, flush);
    if (rc == Z_STREAM_ERROR) {
      *error = "gzip compression failed";
      return false;
    }
    const size_t produced = zbuf_.size() - z_.avail_out;
    if (produced && !write_raw(zbuf_.data(), produced, error)) return false;
  } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  return true;
}

bool FileSink::write(std::string_view text, std::string* error) {
  if (fd_ < 0) {
    *error = "file not open";
    return false;
  }
  if (!z_active_) return write_raw(text.data(), text.size(), error);
  z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z_.avail_in = uInt(text.size());
  return deflate_some(Z_NO_FLUSH, error);
}

bool FileSink::finish(std::string* error) {
  if (fd_ < 0) {
    *error = "file not open";
    return false;
  }
  if (z_active_) {
    z_.next_in = nullptr;
    z_.avail_in = 0;
    if (!deflate_some(Z_FINISH, error)) {
      abandon();
      return false;
    }
    deflateEnd(&z_);
    z_active_ = false;
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    const int e = errno;
    *error = reason("cannot write", path_, e);
    // The data may not have reached the file: undo by path.
    if (created_) {
      ::unlink(path_.c_str());
    } else if (regular_ && ::truncate(path_.c_str(), start_) != 0) {
      // Nothing more can be done; the retry appends after the partial text.
    }
    return false;
  }
  return true;
}

void FileSink::close_fd() {
  if (z_active_) {
    deflateEnd(&z_);
    z_active_ = false;
  }
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void FileSink::abandon() {
  if (fd_ < 0) return;
  // A retried chunk is written again from its start: leave no part of this
  // attempt behind (a new file is removed so its index is taken again).
  if (created_) {
    ::unlink(path_.c_str());
  } else if (regular_ && ::ftruncate(fd_, start_) != 0) {
    // Nothing more can be done; the retry appends after the partial text.
  }
  close_fd();
}

}  // namespace ferry::out_file
