#pragma once
// One flushed chunk going into its output file: Fluentd's out_file opens
// the file in append mode, writes the chunk's text (as one gzip member with
// compress gz), closes it. Here a write either lands whole or is undone, so
// a retried chunk never leaves half a chunk behind it.
#include <zlib.h>

#include <string>
#include <string_view>

namespace ferry::out_file {

enum class Compression { kText, kGzip };

struct Permissions {
  unsigned file = 0644;
  unsigned dir = 0755;
};

// mkdir -p with `mode` for every directory created. False and *error
// ("cannot create directory X: reason") on failure.
bool make_dirs(const std::string& dir, unsigned mode, std::string* error);

class FileSink {
 public:
  FileSink(Compression compression, Permissions permissions);
  ~FileSink();  // an unfinished write is undone
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  // `expanded`: the placeholder-expanded path. append: that file, created
  // when missing. Otherwise the first `_**` is replaced by the first
  // index N whose file does not exist (created exclusively, so two flush
  // threads never share one). Creates missing directories. False and
  // *error on an I/O error.
  bool open(std::string_view expanded, bool append, std::string* error);
  // Appends text (compressed when gzip). False and *error on an I/O error.
  bool write(std::string_view text, std::string* error);
  // Ends the gzip member and closes. False and *error on an I/O error (the
  // write is then undone, as by abandon()).
  bool finish(std::string* error);
  // Undo: the file is cut back to its size before open() (or removed when
  // open() created it).
  void abandon();

  const std::string& path() const { return path_; }

 private:
  bool write_raw(const char* data, size_t len, std::string* error);
  bool deflate_some(int flush, std::string* error);
  void close_fd();

  Compression compression_;
  Permissions permissions_;
  std::string path_;
  int fd_ = -1;
  off_t start_ = 0;       // file size before this write
  bool created_ = false;  // open() made the file
  bool regular_ = true;   // only regular files are cut back (not /dev/...)
  bool z_active_ = false;
  z_stream z_{};
  std::string zbuf_;
};

}  // namespace ferry::out_file
