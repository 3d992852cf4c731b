// The process log, in Fluentd's formats (lib/fluent/log.rb): text lines
// "<time> [<level>]: #0 [id] message" or one JSON object per line, written
// whole under one lock to stdout or the -o file, which SIGUSR1 reopens.
#include "telemetry/log.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "text/json_string.hpp"

namespace ferry::log {
namespace {

constexpr const char* kNames[] = {"trace", "debug", "info", "warn", "error", "fatal"};
constexpr const char* kDefaultTimeFormat = "%Y-%m-%d %H:%M:%S %z";

// The level is read on every enabled() call, from every thread: an atomic
// keeps a disabled log call down to one relaxed load and a compare.
std::atomic<int> g_level{int(Level::Info)};

// Everything below is guarded by g_mu.
std::mutex g_mu;
FILE* g_out = nullptr;  // nullptr: stdout
std::string g_path;     // empty: stdout
bool g_json = false;
std::string g_time_format = kDefaultTimeFormat;

FILE* out_locked() {
  return g_out ? g_out : stdout;
}

// Ruby strftime on top of the C one: %L, %N, %<digits>N and %:z are Ruby
// extensions, expanded here into literal text before strftime sees them.
std::string ruby_strftime(const std::string& format, long long unix_ns) {
  std::time_t secs = std::time_t(unix_ns / 1000000000);
  long long frac = unix_ns % 1000000000;
  if (frac < 0) {
    frac += 1000000000;
    --secs;
  }
  std::tm tm{};
  localtime_r(&secs, &tm);

  std::string c_format;
  c_format.reserve(format.size() + 16);
  for (size_t i = 0; i < format.size(); ++i) {
    char ch = format[i];
    if (ch != '%' || i + 1 >= format.size()) {
      c_format += ch;
      continue;
    }
    size_t j = i + 1;
    size_t digits_start = j;
    while (j < format.size() && format[j] >= '0' && format[j] <= '9') ++j;
    int width = j > digits_start ? std::stoi(format.substr(digits_start, j - digits_start)) : -1;
    char conv = j < format.size() ? format[j] : '\0';
    if (conv == 'L' || conv == 'N') {
      int w = width > 0 ? width : (conv == 'L' ? 3 : 9);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%09lld", frac);
      std::string digits(buf);
      if (w <= 9) {
        digits.resize(size_t(w));
      } else {
        digits.append(size_t(w - 9), '0');
      }
      c_format += digits;
      i = j;
    } else if (conv == ':' && j + 1 < format.size() && format[j + 1] == 'z') {
      char buf[32];
      long off = tm.tm_gmtoff;
      char sign = off < 0 ? '-' : '+';
      if (off < 0) off = -off;
      int hours = int(off / 3600 % 100), minutes = int(off % 3600 / 60);
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, hours, minutes);
      c_format += buf;
      i = j + 1;
    } else {
      c_format.append(format, i, j - i + 1);
      i = j;
    }
  }
  if (c_format.empty()) return {};
  // strftime returns 0 both on overflow and for an empty result; grow until
  // it fits, bounded so a pathological format cannot loop forever.
  std::string out(c_format.size() * 4 + 64, '\0');
  for (int attempt = 0; attempt < 6; ++attempt) {
    size_t n = std::strftime(out.data(), out.size(), c_format.c_str(), &tm);
    if (n > 0) {
      out.resize(n);
      return out;
    }
    out.resize(out.size() * 4);
  }
  return {};
}

long long now_ns() {
  std::timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void emit_locked(std::string_view text) {
  FILE* f = out_locked();
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
}

}  // namespace

const char* level_name(Level l) {
  return kNames[int(l)];
}

bool parse_level(std::string_view n, Level& out) {
  for (int i = 0; i < 6; ++i) {
    if (n == kNames[i]) {
      out = Level(i);
      return true;
    }
  }
  return false;
}

void set_level(Level l) {
  g_level.store(int(l), std::memory_order_relaxed);
}
Level level() {
  return Level(g_level.load(std::memory_order_relaxed));
}

bool enabled(Level l, const Context* c) {
  int threshold = (c && c->level >= 0) ? c->level : g_level.load(std::memory_order_relaxed);
  return int(l) >= threshold;
}

void write(Level l, std::string_view m, const Context* c, bool worker) {
  if (!enabled(l, c)) return;
  long long ns = now_ns();
  std::string line;
  line.reserve(m.size() + 64);
  std::lock_guard lk(g_mu);
  std::string ts = ruby_strftime(g_time_format, ns);
  if (g_json) {
    std::string message;
    if (c && !c->plugin_id.empty()) message = "[" + c->plugin_id + "] ";
    message.append(m);
    line += "{\"time\":";
    text::append_json_string(line, ts);
    line += ",\"level\":\"";
    line += kNames[int(l)];
    line += "\",\"message\":";
    text::append_json_string(line, message);
    if (worker) line += ",\"worker_id\":0";
    line += "}\n";
  } else {
    line += ts;
    line += " [";
    line += kNames[int(l)];
    line += "]: ";
    if (worker) line += "#0 ";
    if (c && !c->plugin_id.empty()) {
      line += '[';
      line += c->plugin_id;
      line += "] ";
    }
    line.append(m);
    line += '\n';
  }
  emit_locked(line);
}

bool set_output(const std::string& path) {
  if (path.empty() || path == "-") {
    std::lock_guard lk(g_mu);
    if (g_out) std::fclose(g_out);
    g_out = nullptr;
    g_path.clear();
    return true;
  }
  FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return false;
  std::lock_guard lk(g_mu);
  if (g_out) std::fclose(g_out);
  g_out = f;
  g_path = path;
  return true;
}

bool reopen() {
  std::lock_guard lk(g_mu);
  if (g_path.empty()) {
    std::fflush(stdout);
    return true;
  }
  // Open the new file before closing the old one, so a failed reopen (e.g.
  // the directory vanished) keeps logging to the old descriptor.
  FILE* f = std::fopen(g_path.c_str(), "a");
  if (!f) return false;
  std::fclose(g_out);
  g_out = f;
  return true;
}

void set_json(bool json) {
  std::lock_guard lk(g_mu);
  g_json = json;
}

void set_time_format(std::string_view format) {
  std::lock_guard lk(g_mu);
  g_time_format = format.empty() ? std::string(kDefaultTimeFormat) : std::string(format);
}

std::string format_time(long long unix_ns) {
  std::lock_guard lk(g_mu);
  return ruby_strftime(g_time_format, unix_ns);
}

void write_raw(std::string_view text) {
  std::lock_guard lk(g_mu);
  emit_locked(text);
}

void flush() {
  std::lock_guard lk(g_mu);
  std::fflush(out_locked());
}

}  // namespace ferry::log
