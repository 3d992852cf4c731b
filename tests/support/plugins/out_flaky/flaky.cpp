// out_flaky: a test-only buffered output for fault injection (never
// installed; built into <build>/test-plugins, load it with -p).
//
// Every chunk it accepts is appended to `path`, one JSON line per record
// (the record only, in chunk order), fsync'd before the chunk completes OK:
// a line in the file is a record delivered at least once. How a chunk
// completes is decided when it completes (after `delay` seconds):
// `control_file`, if it exists, holds "retry", "drop" or "hang" (RETRY,
// DROP, never complete); anything else or no file: OK. Records that have
// the key `reject_key` are refused alone (emit_error) and the rest written.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>

#include "ferry/plugin.hpp"
#include "format/event_stream.hpp"
#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"

namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  size_t end = s.find_last_not_of(ws);
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s;
}

// "" when the file does not exist.
std::string read_control(const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return trim(ss.str());
}

class FlakyOutput : public ferry::Output {
 public:
  FlakyOutput(const ferry::Host& host, const ferry::Config& cfg)
      : Output(host),
        path_(*cfg.string("path")),
        control_(cfg.string_or("control_file", "")),
        reject_key_(cfg.string_or("reject_key", "")),
        delay_(cfg.number("delay").value_or(0)) {}

  ~FlakyOutput() override {
    for (Delayed* d : delayed_) delete d;
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    if (delay_ <= 0) return finish(chunk, token);
    auto* d = new Delayed{this, chunk.raw(), token, nullptr};
    d->timer = host().timer_start(uint64_t(delay_ * 1e9), 0, &FlakyOutput::fire, d);
    if (!d->timer) {
      delete d;
      throw ferry::Error("cannot start the delay timer", FERRY_RETRY);
    }
    std::lock_guard lock(mu_);
    delayed_.insert(d);
  }

 private:
  struct Delayed {
    FlakyOutput* self;
    const ferry_chunk* chunk;
    uint64_t token;
    ferry_timer* timer;
  };

  static void fire(void* user) {
    auto* d = static_cast<Delayed*>(user);
    FlakyOutput* self = d->self;
    self->host().timer_stop(d->timer);
    {
      std::lock_guard lock(self->mu_);
      self->delayed_.erase(d);
    }
    try {
      self->finish(ferry::Chunk(d->chunk), d->token);
    } catch (const std::exception& e) {
      self->host().complete(d->token, FERRY_RETRY, e.what());
    }
    delete d;
  }

  void finish(const ferry::Chunk& chunk, uint64_t token) {
    std::string control = read_control(control_);
    if (control == "hang") return;  // never completes: delayed_commit_timeout's case
    if (control == "retry") return host().complete(token, FERRY_RETRY, "control file says retry");
    if (control == "drop") return host().complete(token, FERRY_DROP, "control file says drop");
    std::string lines;
    const auto* p = chunk.data();
    const auto* end = p + chunk.size();
    std::string_view event;
    while (ferry::format::next_event(p, end, event)) {
      ferry::EventTime time;
      std::string_view record;
      if (!ferry::format::split_event(event, time, record)) {
        host().emit_error(chunk.tag(), event, "not a [time, record] event");
        continue;
      }
      if (!reject_key_.empty() && has_key(record)) {
        host().emit_error(chunk.tag(), event, "rejected: the record has '" + reject_key_ + "'");
        continue;
      }
      const auto* r = reinterpret_cast<const uint8_t*>(record.data());
      std::string error;
      if (!ferry::format::append_json(lines, r, r + record.size(), ferry::format::JsonStyle::kOj,
                                      &error)) {
        host().emit_error(chunk.tag(), event, error);
        continue;
      }
      lines += '\n';
    }
    append_synced(lines);
    host().complete(token, FERRY_OK);
  }

  bool has_key(std::string_view record) const {
    using ferry::format::MpValue;
    const auto* p = reinterpret_cast<const uint8_t*>(record.data());
    const auto* end = p + record.size();
    MpValue map;
    if (!ferry::format::read_item(p, end, map) || map.type != MpValue::kMap) return false;
    for (uint32_t i = 0; i < map.size; ++i) {
      MpValue key;
      if (!ferry::format::read_item(p, end, key)) return false;
      if (key.type == MpValue::kStr && key.bytes() == reject_key_) return true;
      if (key.type == MpValue::kArray || key.type == MpValue::kMap) return false;
      if (!ferry::format::skip_value(p, end)) return false;
    }
    return false;
  }

  void append_synced(const std::string& text) {
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw ferry::Error(ferry::str("open ", path_, ": ", std::strerror(errno)), FERRY_RETRY);
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int e = errno;
        ::close(fd);
        throw ferry::Error(ferry::str("write ", path_, ": ", std::strerror(e)), FERRY_RETRY);
      }
      done += size_t(n);
    }
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
      throw ferry::Error(ferry::str("fsync ", path_, ": ", std::strerror(errno)), FERRY_RETRY);
  }

  std::string path_, control_, reject_key_;
  double delay_;
  std::mutex mu_;
  std::set<Delayed*> delayed_;
};

constexpr ferry_param kRows[] = {
    ferry::Param("path", FERRY_PARAM_STRING)
        .required()
        .describe("File that gets one JSON line per delivered record (fsync'd)"),
    ferry::Param("control_file", FERRY_PARAM_STRING)
        .describe("If it exists: \"retry\", \"drop\" or \"hang\" decides how chunks complete"),
    ferry::Param("reject_key", FERRY_PARAM_STRING)
        .describe("Records with this key are rejected alone (emit_error)"),
    ferry::Param("delay", FERRY_PARAM_TIME).def("0").min(0).describe("Seconds before completing"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_BUFFERED_PLUGIN(FlakyOutput, "flaky", "1.0.0", "Test output for fault injection", "test",
                      kParams, 0, FERRY_BUFFER_ALWAYS, "flush_mode interval\nflush_interval 1")
