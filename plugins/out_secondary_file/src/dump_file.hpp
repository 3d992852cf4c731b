#pragma once
// Where and how out_secondary_file puts one chunk: Fluentd's
// out_secondary_file.rb#generate_path and #write, with every write either
// landing whole or undone (a retried chunk never leaves half a chunk).
#include <string>
#include <string_view>

namespace ferry::secondary_file {

enum class Compression { kText, kGzip };

struct DumpOptions {
  bool append = false;
  Compression compression = Compression::kText;
  // Fluentd's DEFAULT_FILE_PERMISSION / DEFAULT_DIR_PERMISSION (<system>
  // file_permission / dir_permission are not supported by Ferry yet).
  unsigned file_mode = 0644;
  unsigned dir_mode = 0755;
};

// Ruby's File.join(directory, basename): one '/' between them.
std::string join_path(std::string_view directory, std::string_view basename);

// Fluentd's FileUtil.writable_p?: an existing file must be writable, a
// missing one needs its nearest existing ancestor to be a writable
// directory (it is created with mkdir -p); a directory is never writable.
bool writable_p(const std::string& path);

// Writes `body` (the chunk's bytes) to a file named after
// `path_without_suffix` (placeholders already expanded), and returns that
// file's path:
// - append: `<path><suffix>`, created when missing, appended to otherwise;
// - else `<path>.<N><suffix>` for the first N from 0 whose file does not
//   exist, created with O_EXCL so two chunks never share a file.
// suffix: ".gz" with gzip (the body is one gzip member, as Ruby's
// Zlib::GzipWriter writes it), else "". Missing directories are created.
// The file is locked (flock, as Fluentd) while written, and fdatasync'd
// before returning: the caller then purges the chunk from its buffer.
// "" and *error ("cannot create /x/dump.bin.0: Permission denied") on an
// I/O error; the file is then as it was (a created file is removed).
std::string write_dump(const std::string& path_without_suffix, std::string_view body,
                       const DumpOptions& options, std::string* error);

}  // namespace ferry::secondary_file
