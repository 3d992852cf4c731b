// Ferry C++ plugin layer: base classes per kind and the FERRY_PLUGIN macro.
// Header-only; the binary contract stays the plain-C abi.h.
//
//   class NullOutput : public ferry::Output {
//    public:
//     NullOutput(const ferry::Host& host, const ferry::Config& cfg) : Output(host) {}
//     void write(const ferry::Chunk& chunk, uint64_t token) override {
//       host().complete(token, FERRY_OK);
//     }
//   };
//   static constexpr ferry_param_table kParams = ferry::empty_table();
//   FERRY_PLUGIN(NullOutput, FERRY_KIND_OUTPUT, "null", "1.0.0",
//                "Throws events away", "stable", kParams, 0)
//
// The constructor is the create() hook: read the Config there (it is valid
// only during construction) and throw ferry::ConfigError to refuse it.
// No exception ever crosses the C boundary: the generated trampolines catch
// everything and turn it into a status plus a ferry_error message (or a log
// line for hooks that return nothing).
#ifndef FERRY_PLUGIN_HPP
#define FERRY_PLUGIN_HPP

#include <exception>
#include <type_traits>

#include "ferry/abi.h"
#include "ferry/error.hpp"
#include "ferry/host.hpp"
#include "ferry/params.hpp"

namespace ferry {

// Common part of every plugin: the host handle and the optional hooks.
class Plugin {
 public:
  explicit Plugin(const Host& host) : host_(host) {}
  virtual ~Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  // Begin work (inputs start timers/listeners). Throw to fail start-up.
  virtual void start() {}
  // Inputs: stop producing. Outputs: finish pending writes.
  virtual void stop() {}
  // SIGUSR1: flush what the plugin itself holds.
  virtual void flush() {}

  const Host& host() const { return host_; }

 private:
  Host host_;
};

// Produces events with host().emit(...), usually from a Timer or FdWatch.
class Input : public Plugin {
 public:
  using Plugin::Plugin;
};

// Batch in, batch out, synchronous, no I/O. Return UNCHANGED to pass `in` on
// as it is, or REWRITTEN after appending the new batch to `out` (nothing
// appended: every event dropped). Throw to fail the whole batch (it goes to
// the error path with the message).
class Filter : public Plugin {
 public:
  using Plugin::Plugin;
  virtual ferry_filter_result filter(const Chunk& in, Writer& out) = 0;
};

// Starts writing `chunk` and later calls host().complete(token, status, msg)
// exactly once, from any thread. The chunk stays valid until then. A throw
// from write() completes the token for you: ferry::Error's status, else
// FERRY_RETRY (the core retries, as Fluentd retries a chunk whose write raised).
class Output : public Plugin {
 public:
  using Plugin::Plugin;
  virtual void write(const Chunk& chunk, uint64_t token) = 0;
};

namespace detail {

template <class T>
constexpr ferry_kind kind_of() {
  static_assert(
      std::is_base_of_v<Input, T> + std::is_base_of_v<Filter, T> + std::is_base_of_v<Output, T> ==
          1,
      "a Ferry plugin class derives from exactly one of ferry::Input, "
      "ferry::Filter, ferry::Output");
  if constexpr (std::is_base_of_v<Filter, T>)
    return FERRY_KIND_FILTER;
  else if constexpr (std::is_base_of_v<Output, T>)
    return FERRY_KIND_OUTPUT;
  else
    return FERRY_KIND_INPUT;
}

// Fills err from the exception in flight and returns its status (never OK).
inline ferry_status fail_from_current(ferry_error* err, ferry_status fallback) noexcept {
  try {
    throw;
  } catch (const Error& e) {
    ErrorMessage::set(err, e.what());
    return e.status() == FERRY_OK ? fallback : e.status();
  } catch (const std::exception& e) {
    ErrorMessage::set(err, e.what());
  } catch (...) {
    ErrorMessage::set(err, "unknown exception");
  }
  return fallback;
}

template <class T>
struct Trampolines {
  static T* self(void* ctx) { return static_cast<T*>(ctx); }

  static ferry_status create(const ferry_host_api* api, ferry_instance* inst,
                             const ferry_config* cfg, void** ctx, ferry_error* err) {
    try {
      *ctx = new T(Host(api, inst), Config(api, cfg));
      return FERRY_OK;
    } catch (...) {
      *ctx = nullptr;
      return fail_from_current(err, FERRY_ERROR);
    }
  }
  static ferry_status start(void* ctx, ferry_error* err) {
    try {
      self(ctx)->start();
      return FERRY_OK;
    } catch (...) {
      return fail_from_current(err, FERRY_ERROR);
    }
  }
  // Hooks without a status report through the plugin's log.
  static void log_failure(const Host& host, const char* hook) noexcept {
    ferry_error err;
    fail_from_current(&err, FERRY_ERROR);
    try {
      host.error(hook, " failed: ", err.message);
    } catch (...) {
    }
  }
  static void stop(void* ctx) {
    try {
      self(ctx)->stop();
    } catch (...) {
      log_failure(self(ctx)->host(), "stop");
    }
  }
  static void flush(void* ctx) {
    try {
      self(ctx)->flush();
    } catch (...) {
      log_failure(self(ctx)->host(), "flush");
    }
  }
  static void destroy(void* ctx) {
    if (!ctx) return;
    Host host = self(ctx)->host();
    try {
      delete self(ctx);
    } catch (...) {
      log_failure(host, "destroy");
    }
  }
  static ferry_filter_result filter(void* ctx, const ferry_chunk* in, ferry_writer* out,
                                    ferry_error* err) {
    try {
      Writer writer(self(ctx)->host().api(), out);
      if constexpr (std::is_base_of_v<Filter, T>) return self(ctx)->filter(Chunk(in), writer);
      return FERRY_FILTER_UNCHANGED;
    } catch (...) {
      fail_from_current(err, FERRY_DROP);
      return FERRY_FILTER_FAILED;
    }
  }
  static void write(void* ctx, const ferry_chunk* chunk, uint64_t token) {
    try {
      if constexpr (std::is_base_of_v<Output, T>) self(ctx)->write(Chunk(chunk), token);
    } catch (...) {
      ferry_error err;
      ferry_status s = fail_from_current(&err, FERRY_RETRY);
      self(ctx)->host().api()->complete(self(ctx)->host().instance(), token, s, err.message);
    }
  }
};

template <class T>
ferry_plugin_info make_info(ferry_kind kind, const char* type_name, const char* version,
                            const char* description, const char* status,
                            const ferry_param_table* params, uint64_t capabilities) {
  using Tr = Trampolines<T>;
  ferry_plugin_info info{};
  info.struct_size = static_cast<uint32_t>(sizeof(ferry_plugin_info));
  info.abi_major = FERRY_ABI_MAJOR;
  info.abi_minor = FERRY_ABI_MINOR;
  info.kind = static_cast<uint32_t>(kind);
  info.type_name = type_name;
  info.version = version;
  info.description = description;
  info.status = status;
  info.params = params;
  info.capabilities = capabilities;
  info.create = &Tr::create;
  info.start = &Tr::start;
  info.stop = &Tr::stop;
  info.destroy = &Tr::destroy;
  info.flush = &Tr::flush;
  if constexpr (std::is_base_of_v<Filter, T>) info.filter = &Tr::filter;
  if constexpr (std::is_base_of_v<Output, T>) info.write = &Tr::write;
  return info;
}

}  // namespace detail
}  // namespace ferry

// Exports ferry_plugin_entry for Class. `kind` must match Class's base
// (checked at compile time); `status` is "stable" | "experimental" | "test";
// `params_table` is a ferry_param_table object in static storage.
#define FERRY_PLUGIN(Class, kind, type_name, version, description, status, params_table,           \
                     capabilities)                                                                 \
  static_assert(::ferry::detail::kind_of<Class>() == (kind),                                       \
                "FERRY_PLUGIN: the kind does not match the base class of " #Class);                \
  extern "C" FERRY_EXPORT const ferry_plugin_info* ferry_plugin_entry(void) {                      \
    static const ferry_plugin_info info =                                                          \
        ::ferry::detail::make_info<Class>((kind), (type_name), (version), (description), (status), \
                                          &(params_table), static_cast<uint64_t>(capabilities));   \
    return &info;                                                                                  \
  }

// An output buffered by the core (FERRY_CAP_BUFFERED is added): `mode` is
// FERRY_BUFFER_ALWAYS (Fluentd outputs that implement only #write: file,
// kafka2, influxdb) or FERRY_BUFFER_WHEN_CONFIGURED (#process and #write:
// buffered only with a <buffer> section, like stdout); `defaults_text`
// (ferry_plugin_info::buffer_defaults) is the plugin's `config_section :buffer` defaults as config
// text, one "name value" per line ("@type file\nchunk_keys time\ntimekey 86400"), or nullptr for
// Fluentd's base defaults. write() then gets whole chunks (Chunk::chunk_id(), retry_count()) and
// completes each OK, RETRY (the core retries with backoff) or DROP (permanent: to <secondary>,
// @ERROR or the backup dir); single records it cannot write go to host().emit_error().
#define FERRY_BUFFERED_PLUGIN(Class, type_name, version, description, status, params_table,    \
                              capabilities, mode, defaults_text)                               \
  static_assert(::ferry::detail::kind_of<Class>() == FERRY_KIND_OUTPUT,                        \
                "FERRY_BUFFERED_PLUGIN: " #Class " must derive from ferry::Output");           \
  extern "C" FERRY_EXPORT const ferry_plugin_info* ferry_plugin_entry(void) {                  \
    static const ferry_plugin_info info = [] {                                                 \
      ferry_plugin_info i = ::ferry::detail::make_info<Class>(                                 \
          FERRY_KIND_OUTPUT, (type_name), (version), (description), (status), &(params_table), \
          static_cast<uint64_t>(capabilities) | FERRY_CAP_BUFFERED);                           \
      i.buffer_defaults = (defaults_text);                                                     \
      i.buffer_mode = static_cast<uint32_t>(mode);                                             \
      return i;                                                                                \
    }();                                                                                       \
    return &info;                                                                              \
  }

#endif  // FERRY_PLUGIN_HPP
