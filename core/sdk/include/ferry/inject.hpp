// Ferry C++ plugin layer: Fluentd's <inject> (FERRY_CAP_INJECT) as an RAII
// object. Header-only.
//
//   // in the constructor (create), from the directive's own config: the
//   // core reads its <inject> section, or the legacy flat parameters
//   // (include_tag_key, include_time_key, ...) as Fluentd converts them:
//   injector_ = ferry::Injector(host(), cfg);
//   // per event, before formatting:
//   std::string_view injected;
//   if (injector_.apply(chunk.tag(), event, injected) != FERRY_OK)
//     host().emit_error(chunk.tag(), event, "malformed event");
//   else
//     formatter_.format(chunk.tag(), injected, out);
#ifndef FERRY_INJECT_HPP
#define FERRY_INJECT_HPP

#include <cstddef>
#include <string_view>
#include <utility>

#include "ferry/abi.h"
#include "ferry/error.hpp"
#include "ferry/host.hpp"

namespace ferry {

// The core's injector for one directive. Move-only; one thread at a time.
class Injector {
 public:
  Injector() = default;
  // Throws ConfigError (the host's message, with file:line) on a bad
  // <inject> or legacy combination.
  Injector(const Host& host, const Config& directive) : Injector(host, directive.raw()) {}
  Injector(const Host& host, const ferry_config* directive) : api_(host.api()) {
    if (!host.has(offsetof(ferry_host_api, injector_free))) {
      throw ConfigError("this ferry host does not provide <inject>");
    }
    ferry_error err;
    err.message[0] = '\0';
    x_ = api_->injector_new(host.instance(), directive, &err);
    if (!x_) throw ConfigError(err.message[0] ? err.message : "cannot create injector");
  }
  Injector(Injector&& o) noexcept : api_(o.api_), x_(std::exchange(o.x_, nullptr)) {}
  Injector& operator=(Injector&& o) noexcept {
    if (this != &o) {
      reset();
      api_ = o.api_;
      x_ = std::exchange(o.x_, nullptr);
    }
    return *this;
  }
  ~Injector() { reset(); }

  // True when anything is injected (else apply hands the event back).
  bool enabled() const { return x_ && api_->injector_enabled(x_) != 0; }

  // `out`: the [time, record] event with the keys injected, valid until the
  // next apply on this injector; the event itself when nothing is injected.
  // FERRY_DROP for a malformed event (out is then empty).
  ferry_status apply(std::string_view tag, std::string_view event, std::string_view& out) {
    out = {};
    if (!x_) {
      out = event;
      return FERRY_OK;
    }
    const uint8_t* data = nullptr;
    size_t len = 0;
    ferry_status s = api_->injector_apply(x_, tag.data(), tag.size(),
                                          reinterpret_cast<const uint8_t*>(event.data()),
                                          event.size(), &data, &len);
    if (s == FERRY_OK) out = std::string_view(reinterpret_cast<const char*>(data), len);
    return s;
  }

 private:
  void reset() {
    if (x_) api_->injector_free(x_);
    x_ = nullptr;
  }
  const ferry_host_api* api_ = nullptr;
  ferry_injector* x_ = nullptr;
};

}  // namespace ferry

#endif  // FERRY_INJECT_HPP
