#pragma once
#include <string>
#include <string_view>

namespace ferry::log {

// Fluentd's levels, in order.
enum class Level { Trace = 0, Debug = 1, Info = 2, Warn = 3, Error = 4, Fatal = 5 };

// Per-plugin context: `@id` for the "[id] " prefix and `@log_level`.
struct Context {
  std::string plugin_id;  // empty: no prefix
  int level = -1;         // -1: use the global level
};

// Process-wide log, in Fluentd's line format:
//   2026-11-24 10:00:00 +0000 [info]: #0 [plugin_id] message
// `worker` lines (the running pipeline) carry "#0 "; supervisor-style lines
// (config load, dry run, CLI) do not. Thread-safe; whole lines only.
bool enabled(Level level, const Context* ctx = nullptr);
void write(Level level, std::string_view message, const Context* ctx = nullptr, bool worker = true);

inline void trace(std::string_view m, const Context* c = nullptr) {
  write(Level::Trace, m, c);
}
inline void debug(std::string_view m, const Context* c = nullptr) {
  write(Level::Debug, m, c);
}
inline void info(std::string_view m, const Context* c = nullptr) {
  write(Level::Info, m, c);
}
inline void warn(std::string_view m, const Context* c = nullptr) {
  write(Level::Warn, m, c);
}
inline void error(std::string_view m, const Context* c = nullptr) {
  write(Level::Error, m, c);
}

// Configuration (CLI -v/-q, <system> log_level, -o, <log> format json).
void set_level(Level level);
Level level();
bool parse_level(std::string_view name, Level& out);
const char* level_name(Level level);
// Empty path or "-": stdout. Returns false with errno set when the file
// cannot be opened (the previous target stays).
bool set_output(const std::string& path);
bool reopen();  // SIGUSR1: reopen the log file after rotation
void set_json(bool json);
// <system><log> time_format: Ruby strftime, including %L (ms), %N / %3N /
// %6N / %9N (fraction) and %:z. Empty restores "%Y-%m-%d %H:%M:%S %z".
void set_time_format(std::string_view format);
// Formats `unix_ns` with the current time_format (local time, TZ honoured).
std::string format_time(long long unix_ns);

// Raw text to the log device (out_stdout and filter_stdout write events
// there, as Fluentd does), serialised with log lines so lines never mix.
void write_raw(std::string_view text);
void flush();

}  // namespace ferry::log
