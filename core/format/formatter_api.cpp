#include "format/formatter_api.hpp"

#include <atomic>
#include <memory>
#include <string>

#include "ferry/error.hpp"
#include "format/event_stream.hpp"
#include "format/format_options.hpp"
#include "format/formatter.hpp"

// The opaque handle of abi.h: one formatter plus its output buffer.
struct ferry_formatter {
  const ferry_host_api* api = nullptr;
  ferry_instance* inst = nullptr;
  std::unique_ptr<ferry::format::Formatter> impl;
  std::string buffer;
  std::string error;
};

namespace ferry::format {
namespace {

// The table the host filled; its config_* and log members are read at call
// time, so the order in which the host fills the table does not matter.
std::atomic<const ferry_host_api*> g_api{nullptr};

void log(const ferry_host_api& api, ferry_instance* inst, ferry_log_level level,
         const std::string& msg) {
  if (api.log) api.log(inst, level, msg.data(), msg.size());
}

ferry_formatter* formatter_new(ferry_instance* inst, const ferry_config* section,
                               const char* default_type, ferry_error* err) {
  const ferry_host_api* api = g_api.load();
  if (!api) {
    ferry::ErrorMessage::set(err, "formatter API used before fill_formatter_api()");
    return nullptr;
  }
  std::string error;
  std::vector<std::string> unused;
  std::string where;
  if (section && api->config_location) {
    const char* loc = api->config_location(section, nullptr);
    if (loc) where = std::string(loc) + ": ";
  }
  auto options = read_format_options(*api, section, default_type, &error, &unused);
  if (!options) {
    ferry::ErrorMessage::set(err, where + "<format>: " + error);
    return nullptr;
  }
  for (const std::string& name : unused) {
    log(*api, inst, FERRY_LOG_WARN,
        where + "parameter '" + name + "' in <format> is not used by the " + options->type +
            " formatter");
  }
  auto impl = make_formatter(*options, &error);
  if (!impl) {
    ferry::ErrorMessage::set(err, where + "<format>: " + error);
    return nullptr;
  }
  auto* f = new ferry_formatter;
  f->api = api;
  f->inst = inst;
  f->impl = std::move(impl);
  return f;
}

ferry_status formatter_format(ferry_formatter* f, const char* tag, size_t tag_len,
                              const uint8_t* event, size_t event_len,
                              void (*append)(void* user, const char* data, size_t len),
                              void* user) {
  EventTime time;
  std::string_view record;
  f->buffer.clear();
  bool ok =
      split_event(std::string_view(reinterpret_cast<const char*>(event), event_len), time, record);
  if (!ok) f->error = "not a [time, record] event";
  ok = ok && f->impl->format(std::string_view(tag, tag_len), time,
                             reinterpret_cast<const uint8_t*>(record.data()), record.size(),
                             f->buffer, &f->error);
  if (!ok) {
    // The ABI returns only a status; say why in the instance's log.
    log(*f->api, f->inst, FERRY_LOG_WARN, "cannot format record: " + f->error);
    return FERRY_DROP;
  }
  append(user, f->buffer.data(), f->buffer.size());
  return FERRY_OK;
}

void formatter_free(ferry_formatter* f) {
  delete f;
}

}  // namespace

void fill_formatter_api(ferry_host_api& api) {
  g_api.store(&api);
  api.formatter_new = &formatter_new;
  api.formatter_format = &formatter_format;
  api.formatter_free = &formatter_free;
}

}  // namespace ferry::format
