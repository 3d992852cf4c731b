#include "format/injector_api.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>

#include "ferry/error.hpp"
#include "format/inject_options.hpp"
#include "format/injector.hpp"

// The opaque handle of abi.h: one injector plus the buffer its results
// live in until the next apply.
struct ferry_injector {
  std::unique_ptr<ferry::format::Injector> impl;
  std::string buffer;
};

namespace ferry::format {
namespace {

// The table the host filled; read at call time (see fill_formatter_api).
std::atomic<const ferry_host_api*> g_api{nullptr};

std::string machine_hostname(const ferry_host_api& api) {
  if (api.hostname) {
    if (const char* h = api.hostname()) return h;
  }
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

ferry_injector* injector_new(ferry_instance* inst, const ferry_config* directive,
                             ferry_error* err) {
  const ferry_host_api* api = g_api.load();
  if (!api) {
    ferry::ErrorMessage::set(err, "injector API used before fill_injector_api()");
    return nullptr;
  }
  std::string error;
  std::vector<InjectNote> notes;
  std::optional<InjectOptions> options =
      read_inject_options(*api, directive, machine_hostname(*api), &error, &notes);
  if (!error.empty()) {
    ferry::ErrorMessage::set(err, error);
    return nullptr;
  }
  for (const InjectNote& n : notes) {
    if (api->log) api->log(inst, n.level, n.text.data(), n.text.size());
  }
  auto* x = new ferry_injector;
  if (options) {
    x->impl = Injector::create(*options, &error);
    if (!x->impl) {
      delete x;
      ferry::ErrorMessage::set(err, "<inject>: " + error);
      return nullptr;
    }
  }
  return x;
}

int injector_enabled(const ferry_injector* x) {
  return x && x->impl && x->impl->enabled() ? 1 : 0;
}

ferry_status injector_apply(ferry_injector* x, const char* tag, size_t tag_len,
                            const uint8_t* event, size_t len, const uint8_t** out,
                            size_t* out_len) {
  if (!x || !out || !out_len || (!event && len) || (!tag && tag_len)) return FERRY_DROP;
  if (!injector_enabled(x)) {
    *out = event;
    *out_len = len;
    return FERRY_OK;
  }
  x->buffer.clear();
  if (!x->impl->apply(std::string_view(tag, tag_len),
                      std::string_view(reinterpret_cast<const char*>(event), len), x->buffer)) {
    return FERRY_DROP;
  }
  *out = reinterpret_cast<const uint8_t*>(x->buffer.data());
  *out_len = x->buffer.size();
  return FERRY_OK;
}

void injector_free(ferry_injector* x) {
  delete x;
}

}  // namespace

void fill_injector_api(ferry_host_api& api) {
  g_api.store(&api);
  api.injector_new = &injector_new;
  api.injector_enabled = &injector_enabled;
  api.injector_apply = &injector_apply;
  api.injector_free = &injector_free;
}

}  // namespace ferry::format
