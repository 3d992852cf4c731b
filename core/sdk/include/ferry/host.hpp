// Ferry C++ plugin layer: typed wrappers over the host API table, the
// validated config, chunks and writers. Header-only.
#ifndef FERRY_HOST_HPP
#define FERRY_HOST_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ferry/abi.h"
#include "ferry/error.hpp"

namespace ferry {

// A batch handed to filter()/write(): [time, record] MessagePack pairs.
// Host-owned: valid for the filter() call, or until complete() for write().
class Chunk {
 public:
  explicit Chunk(const ferry_chunk* c) : c_(c) {}
  std::string_view tag() const { return {c_->tag, c_->tag_len}; }
  const uint8_t* data() const { return c_->data; }
  size_t size() const { return c_->len; }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(c_->data), c_->len}; }
  uint32_t count() const { return c_->count; }
  // Buffered writes only (FERRY_CAP_BUFFERED with a buffer in use, ABI
  // 1.1): the chunk's 32 hex digit id ("" for unbuffered writes) and how
  // many times writing it failed before (0 on the first attempt).
  std::string_view chunk_id() const {
    return has_v11() && c_->chunk_id ? std::string_view(c_->chunk_id) : std::string_view();
  }
  uint32_t retry_count() const { return has_v11() ? c_->retry_count : 0; }
  const ferry_chunk* raw() const { return c_; }

 private:
  bool has_v11() const {
    return c_->struct_size >= offsetof(ferry_chunk, retry_count) + sizeof(c_->retry_count);
  }
  const ferry_chunk* c_;
};

// Where a filter puts its rewritten batch (whole events only).
class Writer {
 public:
  Writer(const ferry_host_api* api, ferry_writer* w) : api_(api), w_(w) {}
  void append(const uint8_t* events, size_t len, uint32_t count) {
    api_->writer_append(w_, events, len, count);
  }
  void append(std::string_view events, uint32_t count) {
    append(reinterpret_cast<const uint8_t*>(events.data()), events.size(), count);
  }
  ferry_writer* raw() const { return w_; }

 private:
  const ferry_host_api* api_;
  ferry_writer* w_;
};

// A <format> formatter made by the core (FERRY_CAP_FORMAT). Move-only.
class Formatter {
 public:
  Formatter() = default;
  Formatter(const ferry_host_api* api, ferry_formatter* f) : api_(api), f_(f) {}
  Formatter(Formatter&& o) noexcept : api_(o.api_), f_(std::exchange(o.f_, nullptr)) {}
  Formatter& operator=(Formatter&& o) noexcept {
    if (this != &o) {
      reset();
      api_ = o.api_;
      f_ = std::exchange(o.f_, nullptr);
    }
    return *this;
  }
  ~Formatter() { reset(); }
  explicit operator bool() const { return f_ != nullptr; }

  // Appends one formatted event to out. FERRY_DROP: the record cannot be
  // formatted (out is left as it was).
  ferry_status format(std::string_view tag, std::string_view event, std::string& out) const {
    size_t before = out.size();
    ferry_status s = api_->formatter_format(f_, tag.data(), tag.size(),
                                            reinterpret_cast<const uint8_t*>(event.data()),
                                            event.size(), &Formatter::append_to, &out);
    if (s != FERRY_OK) out.resize(before);
    return s;
  }

 private:
  static void append_to(void* user, const char* data, size_t len) {
    static_cast<std::string*>(user)->append(data, len);
  }
  void reset() {
    if (f_) api_->formatter_free(f_);
    f_ = nullptr;
  }
  const ferry_host_api* api_ = nullptr;
  ferry_formatter* f_ = nullptr;
};

// The host services for one instance: a cheap value (two pointers).
class Host {
 public:
  Host(const ferry_host_api* api, ferry_instance* inst) : api_(api), inst_(inst) {}
  const ferry_host_api* api() const { return api_; }
  ferry_instance* instance() const { return inst_; }

  // True when the host's table has `member` (hosts older than the plugin's
  // minor have a shorter table). Use: host.has(offsetof(ferry_host_api, x)).
  bool has(size_t member_offset) const {
    return member_offset + sizeof(void*) <= api_->struct_size;
  }

  // --- logging: host.info("read ", n, " lines from ", path)
  bool log_enabled(ferry_log_level level) const { return api_->log_enabled(inst_, level) != 0; }
  void log(ferry_log_level level, std::string_view msg) const {
    api_->log(inst_, level, msg.data(), msg.size());
  }
  template <class... P>
  void trace(const P&... p) const {
    logp(FERRY_LOG_TRACE, p...);
  }
  template <class... P>
  void debug(const P&... p) const {
    logp(FERRY_LOG_DEBUG, p...);
  }
  template <class... P>
  void info(const P&... p) const {
    logp(FERRY_LOG_INFO, p...);
  }
  template <class... P>
  void warn(const P&... p) const {
    logp(FERRY_LOG_WARN, p...);
  }
  template <class... P>
  void error(const P&... p) const {
    logp(FERRY_LOG_ERROR, p...);
  }
  template <class... P>
  void fatal(const P&... p) const {
    logp(FERRY_LOG_FATAL, p...);
  }

  // --- events
  ferry_status emit(std::string_view tag, const uint8_t* events, size_t len, uint32_t count) const {
    return api_->emit(inst_, tag.data(), tag.size(), events, len, count);
  }
  ferry_status emit(std::string_view tag, std::string_view events, uint32_t count) const {
    return emit(tag, reinterpret_cast<const uint8_t*>(events.data()), events.size(), count);
  }
  void emit_error(std::string_view tag, std::string_view event, const std::string& reason) const {
    api_->emit_error(inst_, tag.data(), tag.size(), reinterpret_cast<const uint8_t*>(event.data()),
                     event.size(), reason.c_str());
  }
  // The same, naming the Ruby error class Fluentd logs for it ("error_class=
  // Fluent::Plugin::Parser::ParserError"); a host older than ABI 1.1 takes
  // the plain form.
  void emit_error(std::string_view tag, std::string_view event, const std::string& reason,
                  const char* error_class) const {
    if (!has(offsetof(ferry_host_api, emit_error_class)) || !api_->emit_error_class)
      return emit_error(tag, event, reason);
    api_->emit_error_class(inst_, tag.data(), tag.size(),
                           reinterpret_cast<const uint8_t*>(event.data()), event.size(),
                           reason.c_str(), error_class);
  }
  // Finish a write(); exactly once per token, from any thread.
  void complete(uint64_t token, ferry_status status, const std::string& message = {}) const {
    api_->complete(inst_, token, status, message.empty() ? nullptr : message.c_str());
  }
  void writer_append(ferry_writer* w, const uint8_t* events, size_t len, uint32_t count) const {
    api_->writer_append(w, events, len, count);
  }

  // --- event loop (raw C form; see Timer/FdWatch below for the RAII form)
  ferry_timer* timer_start(uint64_t first_ns, uint64_t interval_ns, ferry_callback cb,
                           void* user) const {
    return api_->timer_start(inst_, first_ns, interval_ns, cb, user);
  }
  void timer_stop(ferry_timer* t) const { api_->timer_stop(t); }
  ferry_watch* fd_watch(int fd, uint32_t events, ferry_fd_callback cb, void* user) const {
    return api_->fd_watch(inst_, fd, events, cb, user);
  }
  void fd_unwatch(ferry_watch* w) const { api_->fd_unwatch(w); }
  // Runs cb(user) later on the instance's loop, unless the instance stops
  // first (then it never runs: keep `user` owned elsewhere).
  void post(ferry_callback cb, void* user) const { api_->post(inst_, cb, user); }

  // --- formatters. Throws ConfigError with the host's message on failure.
  Formatter formatter(const ferry_config* format_section, const char* default_type) const {
    ferry_error err;
    err.message[0] = '\0';
    ferry_formatter* f = api_->formatter_new(inst_, format_section, default_type, &err);
    if (!f) throw ConfigError(err.message[0] ? err.message : "cannot create formatter");
    return Formatter(api_, f);
  }
  ferry_formatter* formatter_new(const ferry_config* section, const char* default_type,
                                 ferry_error* err) const {
    return api_->formatter_new(inst_, section, default_type, err);
  }
  ferry_status formatter_format(ferry_formatter* f, std::string_view tag, std::string_view event,
                                std::string& out) const {
    return Formatter(api_, f).format(tag, event, out);
  }
  void formatter_free(ferry_formatter* f) const { api_->formatter_free(f); }

  // --- children (<store> of copy)
  size_t child_count() const { return api_->child_count(inst_); }
  std::string_view child_arg(size_t index) const {
    const char* a = api_->child_arg(inst_, index);
    return a ? std::string_view(a) : std::string_view();
  }
  void child_write(size_t index, const ferry_chunk* chunk, ferry_done_callback done,
                   void* user) const {
    api_->child_write(inst_, index, chunk, done, user);
  }
  // `done` runs exactly once (status, message), from any thread.
  using ChildDone = std::function<void(ferry_status, std::string_view)>;
  void child_write(size_t index, const ferry_chunk* chunk, ChildDone done) const {
    auto* heap = new ChildDone(std::move(done));
    api_->child_write(inst_, index, chunk, &Host::child_done, heap);
  }

  // --- misc
  std::string_view hostname() const { return api_->hostname(); }
  int64_t now_ns() const { return api_->now_ns(); }
  void write_log_device(std::string_view text) const {
    api_->write_log_device(inst_, text.data(), text.size());
  }

 private:
  template <class... P>
  void logp(ferry_log_level level, const P&... p) const {
    if (!log_enabled(level)) return;  // build the text only when it is printed
    log(level, str(p...));
  }
  static void child_done(void* user, ferry_status status, const char* message) {
    std::unique_ptr<ChildDone> fn(static_cast<ChildDone*>(user));
    try {
      (*fn)(status, message ? std::string_view(message) : std::string_view());
    } catch (...) {
      // Nothing may cross the C boundary; the callback owner logs its own errors.
    }
  }

  const ferry_host_api* api_;
  ferry_instance* inst_;
};

// A repeating or one-shot timer running a C++ callable on the instance's
// loop. Stops on destruction; no callback runs after stop() returns.
class Timer {
 public:
  Timer(const Host& host, uint64_t first_ns, uint64_t interval_ns, std::function<void()> fn)
      : host_(host), fn_(std::move(fn)) {
    t_ = host_.timer_start(first_ns, interval_ns, &Timer::fire, this);
    if (!t_) throw Error("cannot start timer");
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() { stop(); }
  void stop() {
    if (t_) host_.timer_stop(std::exchange(t_, nullptr));
  }

 private:
  static void fire(void* self) {
    auto* t = static_cast<Timer*>(self);
    try {
      t->fn_();
    } catch (const std::exception& e) {
      t->host_.error("timer callback failed: ", e.what());
    } catch (...) {
      t->host_.error("timer callback failed: unknown exception");
    }
  }
  Host host_;
  std::function<void()> fn_;
  ferry_timer* t_ = nullptr;
};

// Watches a file descriptor; fn(events) runs on the instance's loop.
class FdWatch {
 public:
  FdWatch(const Host& host, int fd, uint32_t events, std::function<void(uint32_t)> fn)
      : host_(host), fn_(std::move(fn)) {
    w_ = host_.fd_watch(fd, events, &FdWatch::fire, this);
    if (!w_) throw Error(str("cannot watch fd ", fd));
  }
  FdWatch(const FdWatch&) = delete;
  FdWatch& operator=(const FdWatch&) = delete;
  ~FdWatch() { stop(); }
  void stop() {
    if (w_) host_.fd_unwatch(std::exchange(w_, nullptr));
  }

 private:
  static void fire(void* self, uint32_t events) {
    auto* w = static_cast<FdWatch*>(self);
    try {
      w->fn_(events);
    } catch (const std::exception& e) {
      w->host_.error("fd callback failed: ", e.what());
    } catch (...) {
      w->host_.error("fd callback failed: unknown exception");
    }
  }
  Host host_;
  std::function<void(uint32_t)> fn_;
  ferry_watch* w_ = nullptr;
};

// The validated config of one section; valid during create() only (copy
// what you keep). Scalars return std::nullopt when the value is nil (not
// written and no default).
class Config {
 public:
  Config(const ferry_host_api* api, const ferry_config* cfg) : api_(api), cfg_(cfg) {}
  const ferry_config* raw() const { return cfg_; }

  bool is_set(const char* name) const { return api_->config_is_set(cfg_, name) != 0; }
  bool is_nil(const char* name) const {
    size_t len = 0;
    return api_->config_string(cfg_, name, &len) == nullptr;
  }
  std::optional<std::string> string(const char* name) const {
    size_t len = 0;
    const char* s = api_->config_string(cfg_, name, &len);
    if (!s) return std::nullopt;
    return std::string(s, len);
  }
  std::string string_or(const char* name, std::string_view fallback) const {
    auto s = string(name);
    return s ? *s : std::string(fallback);
  }
  // INTEGER and SIZE.
  std::optional<int64_t> integer(const char* name) const {
    if (is_nil(name)) return std::nullopt;
    return api_->config_int(cfg_, name);
  }
  // FLOAT and TIME (seconds).
  std::optional<double> number(const char* name) const {
    if (is_nil(name)) return std::nullopt;
    return api_->config_float(cfg_, name);
  }
  std::optional<bool> boolean(const char* name) const {
    if (is_nil(name)) return std::nullopt;
    return api_->config_bool(cfg_, name) != 0;
  }
  std::vector<std::string> array(const char* name) const {
    std::vector<std::string> out;
    size_t n = api_->config_array_size(cfg_, name);
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      size_t len = 0;
      const char* s = api_->config_array_item(cfg_, name, i, &len);
      out.emplace_back(s ? s : "", s ? len : 0);
    }
    return out;
  }
  std::vector<std::pair<std::string, std::string>> hash(const char* name) const {
    std::vector<std::pair<std::string, std::string>> out;
    size_t n = api_->config_hash_size(cfg_, name);
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      size_t kl = 0, vl = 0;
      const char* k = api_->config_hash_key(cfg_, name, i, &kl);
      const char* v = api_->config_hash_value(cfg_, name, i, &vl);
      out.emplace_back(std::string(k ? k : "", k ? kl : 0), std::string(v ? v : "", v ? vl : 0));
    }
    return out;
  }

  // Nested sections.
  size_t section_count(const char* name) const { return api_->config_section_count(cfg_, name); }
  std::optional<Config> section(const char* name, size_t index = 0) const {
    const ferry_config* c =
        index < section_count(name) ? api_->config_section(cfg_, name, index) : nullptr;
    if (!c) return std::nullopt;
    return Config(api_, c);
  }
  std::vector<Config> sections(const char* name) const {
    std::vector<Config> out;
    size_t n = section_count(name);
    for (size_t i = 0; i < n; ++i)
      if (const ferry_config* c = api_->config_section(cfg_, name, i)) out.emplace_back(api_, c);
    return out;
  }
  // The section's argument (<store ignore_error> -> "ignore_error").
  std::optional<std::string> arg() const {
    size_t len = 0;
    const char* s = api_->config_section_arg(cfg_, &len);
    if (!s) return std::nullopt;
    return std::string(s, len);
  }
  // Every key/value written in this section, in file order.
  std::vector<std::pair<std::string, std::string>> entries() const {
    std::vector<std::pair<std::string, std::string>> out;
    size_t n = api_->config_entry_count(cfg_);
    for (size_t i = 0; i < n; ++i) {
      size_t kl = 0, vl = 0;
      const char* k = api_->config_entry_key(cfg_, i, &kl);
      const char* v = api_->config_entry_value(cfg_, i, &vl);
      out.emplace_back(std::string(k ? k : "", k ? kl : 0), std::string(v ? v : "", v ? vl : 0));
    }
    return out;
  }
  // "file:line" of a parameter (nullptr: of the section), for messages.
  std::string location(const char* name = nullptr) const {
    const char* l = api_->config_location(cfg_, name);
    return l ? l : "";
  }

 private:
  const ferry_host_api* api_;
  const ferry_config* cfg_;
};

}  // namespace ferry

#endif  // FERRY_HOST_HPP
