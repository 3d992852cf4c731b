// out_file: writes formatted events (<format> default out_file:
// "time<TAB>tag<TAB>{json}") to files named as Fluentd names them for its
// default 1-day timekey: path.%Y%m%d[_N].log, or `*` in path replaced; local
// time; `append` reuses one file per day, else the first free _N is taken.
// Unbuffered for now: one open file name per day and instance, see below.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>

#include "ferry/plugin.hpp"
#include "format/event_stream.hpp"
#include "format/strftime.hpp"
#include "format/time_zone.hpp"

namespace {

constexpr int64_t kTimekey = 86400;  // Fluentd's default when <buffer> is absent

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string dirname_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Fluentd's FileUtil.writable_p?: the file if it exists, else the nearest
// existing ancestor directory must be writable.
bool writable(const std::string& path) {
  if (exists(path)) return ::access(path.c_str(), W_OK) == 0;
  std::string dir = dirname_of(path);
  while (!exists(dir)) {
    std::string up = dirname_of(dir);
    if (up == dir) return false;
    dir = up;
  }
  return ::access(dir.c_str(), W_OK) == 0;
}

void mkdir_p(const std::string& dir) {
  if (dir.empty() || exists(dir)) return;
  mkdir_p(dirname_of(dir));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    throw ferry::Error(ferry::str("cannot create directory ", dir, ": ", std::strerror(errno)),
                       FERRY_RETRY);
  }
}

// One gzip member (Fluentd writes one per flushed chunk; readers take the
// concatenation).
std::string gzip(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw ferry::Error("cannot start gzip", FERRY_RETRY);
  }
  std::string out(deflateBound(&z, uLong(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = uInt(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw ferry::Error("gzip failed", FERRY_RETRY);
  return out;
}

class FileOutput : public ferry::Output {
 public:
  FileOutput(const ferry::Host& host, const ferry::Config& cfg) : Output(host) {
    std::string path = *cfg.string("path");
    append_ = cfg.boolean("append").value_or(false);
    std::string compress = cfg.string_or("compress", "text");
    if (compress == "zstd") {
      throw ferry::ConfigError(cfg.location("compress") + ": compress zstd is not supported yet");
    }
    gzip_ = compress == "gz" || compress == "gzip";
    std::string suffix =
        cfg.boolean("add_path_suffix").value_or(true) ? cfg.string_or("path_suffix", ".log") : "";
    if (path.find("${") != std::string::npos) {
      throw ferry::ConfigError(
          ferry::str(cfg.location("path"), ": Parameter 'path: ", path,
                     "' has placeholders, but chunk keys other than 'time' are not supported yet"));
    }
    template_ = path_template(path, suffix, cfg.location("path"));
    strftime_.emplace(template_);
    std::string test_path;
    strftime_->append(test_path, zone_.civil(host.now_ns() / 1000000000), 0);
    if (!writable(test_path)) {
      throw ferry::ConfigError(ferry::str("out_file: `", test_path, "` is not writable"));
    }
    auto section = cfg.section("format");
    formatter_ = host.formatter(section ? section->raw() : nullptr, "out_file");
    host.warn(
        "default timekey interval (1d) will be used because of missing <buffer> section. "
        "To change the output frequency, please modify the timekey value");
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    const uint8_t* p = chunk.data();
    const uint8_t* end = p + chunk.size();
    std::string_view event;
    int64_t day = INT64_MIN;
    uint32_t day_sec = 0;
    text_.clear();
    while (ferry::format::next_event(p, end, event)) {
      ferry::EventTime t;
      std::string_view record;
      if (!ferry::format::split_event(event, t, record)) {
        host().emit_error(chunk.tag(), event, "not a [time, record] event");
        continue;
      }
      // Events of one local day share a file (the timekey chunk in Fluentd).
      int64_t d = (int64_t(t.sec) + zone_.offset_at(t.sec)) / kTimekey;
      if (d != day) {
        if (!text_.empty()) flush_day(day_sec);
        day = d;
        day_sec = t.sec;
      }
      if (formatter_.format(chunk.tag(), event, text_) != FERRY_OK) {
        host().emit_error(chunk.tag(), event, "cannot format record");
      }
    }
    if (!text_.empty()) flush_day(day_sec);
    host().complete(token, FERRY_OK);
  }

 private:
  // Fluentd's generate_path_template for timekey 1d.
  std::string path_template(const std::string& path, const std::string& suffix,
                            const std::string& where) const {
    const std::string index = append_ ? "" : "_**";
    const std::string comp = gzip_ ? ".gz" : "";
    if (path.find('*') != std::string::npos) {
      std::string out;
      for (char c : path) {
        if (c == '*')
          out += "%Y%m%d" + index;
        else
          out.push_back(c);
      }
      return out + comp;
    }
    int found = 0;
    for (const char* ph : {"%Y", "%m", "%d"}) found += path.find(ph) != std::string::npos;
    if (found == 3) return path + index + suffix + comp;
    if (found > 0)
      throw ferry::ConfigError(where + ": insufficient timestamp placeholders in path");
    return path + ".%Y%m%d" + index + suffix + comp;
  }

  // Writes text_ to the file of the day holding `sec`, then clears text_.
  void flush_day(uint32_t sec) {
    std::string path;
    strftime_->append(path, zone_.civil(sec), 0);
    if (!append_) path = indexed(path);
    mkdir_p(dirname_of(path));
    const std::string data = gzip_ ? gzip(text_) : std::move(text_);
    text_.clear();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw ferry::Error(ferry::str("cannot open ", path, ": ", std::strerror(errno)), FERRY_RETRY);
    }
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int e = errno;
        ::close(fd);
        throw ferry::Error(ferry::str("cannot write ", path, ": ", std::strerror(e)), FERRY_RETRY);
      }
      done += size_t(n);
    }
    ::close(fd);
  }

  // Fluentd takes the first _N whose file does not exist for every flushed
  // chunk. Without a buffer every batch would make a new file, so the index
  // is chosen once per day and the file then grows with each batch.
  std::string indexed(const std::string& path) {
    auto it = chosen_.find(path);
    if (it != chosen_.end()) return it->second;
    size_t at = path.find("_**");
    std::string actual;
    for (int i = 0;; ++i) {
      actual = path.substr(0, at) + "_" + std::to_string(i) + path.substr(at + 3);
      if (!exists(actual)) break;
    }
    chosen_.clear();  // only the current day's file is kept open-ended
    chosen_.emplace(path, actual);
    return actual;
  }

  bool append_ = false;
  bool gzip_ = false;
  std::string template_;
  std::optional<ferry::format::Strftime> strftime_;
  ferry::format::TimeZone zone_ = ferry::format::TimeZone::local();
  ferry::Formatter formatter_;
  std::map<std::string, std::string> chosen_;
  std::string text_;
};

constexpr const char* kCompress[] = {"text", "gz", "gzip", "zstd", nullptr};
constexpr ferry_param_table kAnySection =
    ferry::empty_table(FERRY_TABLE_ANY_KEYS | FERRY_TABLE_HAS_ARG);

constexpr ferry_param kRows[] = {
    ferry::Param("path", FERRY_PARAM_STRING)
        .required()
        .describe("File path; `*` or %Y%m%d placeholders choose where the date goes"),
    ferry::Param("add_path_suffix", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Add path_suffix to a path without `*`"),
    ferry::Param("path_suffix", FERRY_PARAM_STRING).def(".log").describe("The suffix added"),
    ferry::Param("append", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Append to one file per day; false: a new _N file (first free index)"),
    ferry::Param("compress", FERRY_PARAM_ENUM)
        .def("text")
        .one_of(kCompress)
        .describe("text, or gz/gzip (each batch one gzip member); zstd is not supported yet"),
    ferry::Param("recompress", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted; without buffer chunks data is always compressed once"),
    ferry::Param("symlink_path", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Not supported yet: it points at a file buffer chunk"),
    ferry::Param("symlink_path_use_relative", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Not supported yet: goes with symlink_path"),
    ferry::Param("buffer", FERRY_PARAM_SECTION)
        .section(&kAnySection)
        .unsupported()
        .describe("Not supported yet: buffering comes in a later release"),
    ferry::Param("inject", FERRY_PARAM_SECTION)
        .section(&kAnySection)
        .unsupported()
        .describe("Not supported yet: <inject>"),
    ferry::Param("format", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy flat form not supported yet: write <format> @type X </format>"),
    ferry::Param("time_slice_format", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy buffer form not supported yet"),
    ferry::Param("localtime", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Legacy form not supported yet: write it in <format>"),
    ferry::Param("utc", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("Legacy form not supported yet: write it in <format>"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_PLUGIN(FileOutput, FERRY_KIND_OUTPUT, "file", "1.0.0", "Writes events to files", "stable",
             kParams, FERRY_CAP_FORMAT)
