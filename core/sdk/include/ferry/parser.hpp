// Ferry C++ plugin layer: the core's parsers (<parse>, FERRY_CAP_PARSE) and
// <extract> (FERRY_CAP_EXTRACT) as RAII objects. Header-only.
//
//   // in the constructor (create); sections are const ferry_config*, NULL
//   // when the user wrote none:
//   parser_ = ferry::Parser(host(), parse_section, "tsv",
//                           "time_key\ntime_type float\nestimate_current_event false");
//   extract_ = ferry::Extractor(host(), extract_section);
//   // later, per chunk of a child's stdout:
//   parser_.feed(bytes, /*final=*/false, [&](const ferry::Parsed& r) {
//     if (!r.ok()) return host().warn("pattern not matched: ", r.error);
//     ferry::Extracted x = extract_.apply(r.event, r.time_set);
//     ...
//   });
#ifndef FERRY_PARSER_HPP
#define FERRY_PARSER_HPP

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "ferry/abi.h"
#include "ferry/error.hpp"
#include "ferry/host.hpp"

namespace ferry {

// One result of Parser::parse/feed. Views are valid during the callback.
struct Parsed {
  // [time, record]: 0x92, the 10-byte EventTime, the record map from byte 11.
  std::string_view event;
  // False when the input had no time (estimate_current_event false): the
  // event then carries time 0.
  bool time_set = true;
  std::string_view error;  // non-empty on failure (event is then empty)

  bool ok() const { return error.empty(); }
  std::string_view record() const { return event.size() > 11 ? event.substr(11) : event; }
};

// A <parse> parser made by the core. Move-only; one thread at a time.
class Parser {
 public:
  Parser() = default;
  // Throws ConfigError (the host's message, with file:line) on a bad section.
  Parser(const Host& host, const ferry_config* parse_section, const char* default_type,
         const char* defaults = nullptr)
      : api_(host.api()) {
    if (!host.has(offsetof(ferry_host_api, parser_free))) {
      throw ConfigError("this ferry host does not provide <parse> parsers");
    }
    ferry_error err;
    err.message[0] = '\0';
    p_ = api_->parser_new(host.instance(), parse_section, default_type, defaults, &err);
    if (!p_) throw ConfigError(err.message[0] ? err.message : "cannot create parser");
  }
  Parser(Parser&& o) noexcept : api_(o.api_), p_(std::exchange(o.p_, nullptr)) {}
  Parser& operator=(Parser&& o) noexcept {
    if (this != &o) {
      reset();
      api_ = o.api_;
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  ~Parser() { reset(); }
  explicit operator bool() const { return p_ != nullptr; }

  // One whole unit (a line, a JSON document, MessagePack bytes); fn(const
  // Parsed&) runs per event or failure. FERRY_DROP when anything failed.
  // An exception thrown by fn is rethrown after the host call returns.
  template <class F>
  ferry_status parse(std::string_view text, F&& fn) {
    Call<F> call{fn, nullptr};
    ferry_status s = api_->parser_parse(p_, text.data(), text.size(), &Call<F>::invoke, &call);
    if (call.thrown) std::rethrow_exception(call.thrown);
    return s;
  }
  // A stream fed in pieces; final ends it (see abi.h parser_feed).
  template <class F>
  ferry_status feed(std::string_view data, bool final, F&& fn) {
    Call<F> call{fn, nullptr};
    ferry_status s =
        api_->parser_feed(p_, data.data(), data.size(), final ? 1 : 0, &Call<F>::invoke, &call);
    if (call.thrown) std::rethrow_exception(call.thrown);
    return s;
  }

 private:
  template <class F>
  struct Call {
    F& fn;
    std::exception_ptr thrown;
    static void invoke(void* user, const ferry_parsed* r) {
      auto* self = static_cast<Call*>(user);
      if (self->thrown) return;  // stop calling once fn has thrown
      Parsed p;
      if (r->event) p.event = {reinterpret_cast<const char*>(r->event), r->event_len};
      p.time_set = r->time_set != 0;
      if (r->error) p.error = {r->error, r->error_len};
      try {
        self->fn(p);
      } catch (...) {
        self->thrown = std::current_exception();
      }
    }
  };
  void reset() {
    if (p_) api_->parser_free(p_);
    p_ = nullptr;
  }
  const ferry_host_api* api_ = nullptr;
  ferry_parser* p_ = nullptr;
};

// What Extractor::apply gives; views valid until the next apply().
struct Extracted {
  bool ok = false;
  bool has_tag = false;
  std::string_view tag;
  std::string_view event;  // [time, record] to emit
  std::string_view error;  // when !ok
};

// An <extract> section applied to parsed events. Move-only; one thread at
// a time. A null section is allowed (nothing extracted, nil times -> now).
class Extractor {
 public:
  Extractor() = default;
  Extractor(const Host& host, const ferry_config* extract_section) : api_(host.api()) {
    if (!host.has(offsetof(ferry_host_api, extractor_free))) {
      throw ConfigError("this ferry host does not provide <extract>");
    }
    ferry_error err;
    err.message[0] = '\0';
    x_ = api_->extractor_new(host.instance(), extract_section, &err);
    if (!x_) throw ConfigError(err.message[0] ? err.message : "cannot create extractor");
  }
  Extractor(Extractor&& o) noexcept : api_(o.api_), x_(std::exchange(o.x_, nullptr)) {}
  Extractor& operator=(Extractor&& o) noexcept {
    if (this != &o) {
      reset();
      api_ = o.api_;
      x_ = std::exchange(o.x_, nullptr);
    }
    return *this;
  }
  ~Extractor() { reset(); }
  explicit operator bool() const { return x_ != nullptr; }

  Extracted apply(std::string_view event, bool time_set) {
    ferry_extracted out{};
    out.struct_size = sizeof out;
    ferry_status s = api_->extractor_apply(x_, reinterpret_cast<const uint8_t*>(event.data()),
                                           event.size(), time_set ? 1 : 0, &out);
    Extracted x;
    x.ok = s == FERRY_OK;
    if (x.ok) {
      x.has_tag = out.has_tag != 0;
      if (out.tag) x.tag = {out.tag, out.tag_len};
      x.event = {reinterpret_cast<const char*>(out.event), out.event_len};
    } else if (out.error) {
      x.error = out.error;
    }
    return x;
  }

 private:
  void reset() {
    if (x_) api_->extractor_free(x_);
    x_ = nullptr;
  }
  const ferry_host_api* api_ = nullptr;
  ferry_extractor* x_ = nullptr;
};

}  // namespace ferry

#endif  // FERRY_PARSER_HPP
