// Minimal implementation; the runtime/CLI work replaces it with the full
// Fluentd-format logger (file output, reopen, JSON).
#include "telemetry/log.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>

namespace ferry::log {
namespace {
std::mutex g_mu;
Level g_level = Level::Info;
const char* kNames[] = {"trace", "debug", "info", "warn", "error", "fatal"};
}  // namespace

const char* level_name(Level l) { return kNames[int(l)]; }
bool parse_level(std::string_view n, Level& out) {
  for (int i = 0; i < 6; ++i)
    if (n == kNames[i]) { out = Level(i); return true; }
  return false;
}
void set_level(Level l) { g_level = l; }
Level level() { return g_level; }
bool enabled(Level l, const Context* c) {
  int t = (c && c->level >= 0) ? c->level : int(g_level);
  return int(l) >= t;
}
void write(Level l, std::string_view m, const Context* c, bool worker) {
  if (!enabled(l, c)) return;
  std::time_t now = std::time(nullptr);
  std::tm tm;
  localtime_r(&now, &tm);
  char ts[64];
  std::strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S %z", &tm);
  std::string line = std::string(ts) + " [" + kNames[int(l)] + "]: ";
  if (worker) line += "#0 ";
  if (c && !c->plugin_id.empty()) line += "[" + c->plugin_id + "] ";
  line.append(m);
  line += '\n';
  std::lock_guard lk(g_mu);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}
bool set_output(const std::string&) { return true; }
bool reopen() { return true; }
void set_json(bool) {}
void write_raw(std::string_view t) {
  std::lock_guard lk(g_mu);
  std::fwrite(t.data(), 1, t.size(), stdout);
  std::fflush(stdout);
}
void flush() { std::fflush(stdout); }

}  // namespace ferry::log
