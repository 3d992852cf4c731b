// The C side of ferry_host_api: thin functions that find the Instance
// behind a handle and call it. Nothing may unwind into plugin code (it may
// be C), so each one catches everything.
#include <unistd.h>

#include <climits>
#include <ctime>
#include <exception>
#include <string>

#include "host/host_api.hpp"
#include "host/instance.hpp"
#include "host/instance_internal.hpp"
#include "telemetry/log.hpp"

namespace ferry::host {
namespace {

void report(const char* function) noexcept {
  try {
    try {
      throw;
    } catch (const std::exception& e) {
      log::error(std::string("host function ") + function + " failed: " + e.what());
    } catch (...) {
      log::error(std::string("host function ") + function + " failed");
    }
  } catch (...) {
  }
}

void api_log(ferry_instance* inst, ferry_log_level level, const char* msg, size_t len) {
  if (!inst || !msg) return;
  try {
    inst->self->log(level, std::string_view(msg, len));
  } catch (...) {
    report("log");
  }
}

int api_log_enabled(ferry_instance* inst, ferry_log_level level) {
  if (!inst) return 0;
  try {
    return inst->self->log_enabled(level) ? 1 : 0;
  } catch (...) {
    report("log_enabled");
    return 0;
  }
}

ferry_status api_emit(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* events,
                      size_t len, uint32_t count) {
  if (!inst || (!tag && tag_len) || (!events && len)) return FERRY_DROP;
  try {
    return inst->self->emit(std::string_view(tag, tag_len), events, len, count);
  } catch (...) {
    report("emit");
    return FERRY_RETRY;  // e.g. out of memory: worth another try
  }
}

void api_emit_error(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* event,
                    size_t len, const char* reason) {
  if (!inst || (!tag && tag_len) || (!event && len)) return;
  try {
    inst->self->emit_error(std::string_view(tag, tag_len),
                           std::string_view(reinterpret_cast<const char*>(event), len),
                           reason ? reason : "");
  } catch (...) {
    report("emit_error");
  }
}

void api_emit_error_class(ferry_instance* inst, const char* tag, size_t tag_len,
                          const uint8_t* event, size_t len, const char* reason,
                          const char* error_class) {
  if (!inst || (!tag && tag_len) || (!event && len)) return;
  try {
    inst->self->emit_error(std::string_view(tag, tag_len),
                           std::string_view(reinterpret_cast<const char*>(event), len),
                           reason ? reason : "", error_class ? error_class : "");
  } catch (...) {
    report("emit_error_class");
  }
}

void api_complete(ferry_instance* inst, uint64_t token, ferry_status status, const char* message) {
  if (!inst) return;
  try {
    inst->self->complete(token, status, message);
  } catch (...) {
    report("complete");
  }
}

void api_writer_append(ferry_writer* w, const uint8_t* events, size_t len, uint32_t count) {
  if (!w || (!events && len)) return;
  try {
    w->bytes.append(reinterpret_cast<const char*>(events), len);
    w->count += count;
  } catch (...) {
    report("writer_append");
  }
}

ferry_timer* api_timer_start(ferry_instance* inst, uint64_t first_ns, uint64_t interval_ns,
                             ferry_callback cb, void* user) {
  if (!inst) return nullptr;
  try {
    return inst->self->timer_start(first_ns, interval_ns, cb, user);
  } catch (...) {
    report("timer_start");
    return nullptr;
  }
}

void api_timer_stop(ferry_timer* timer) {
  if (!timer) return;
  try {
    timer->owner->timer_stop(timer);
  } catch (...) {
    report("timer_stop");
  }
}

ferry_watch* api_fd_watch(ferry_instance* inst, int fd, uint32_t events, ferry_fd_callback cb,
                          void* user) {
  if (!inst) return nullptr;
  try {
    return inst->self->fd_watch(fd, events, cb, user);
  } catch (...) {
    report("fd_watch");
    return nullptr;
  }
}

void api_fd_unwatch(ferry_watch* watch) {
  if (!watch) return;
  try {
    watch->owner->fd_unwatch(watch);
  } catch (...) {
    report("fd_unwatch");
  }
}

void api_post(ferry_instance* inst, ferry_callback cb, void* user) {
  if (!inst) return;
  try {
    inst->self->post(cb, user);
  } catch (...) {
    report("post");
  }
}

size_t api_child_count(ferry_instance* inst) {
  return inst ? inst->self->child_count() : 0;
}

const char* api_child_arg(ferry_instance* inst, size_t index) {
  return inst ? inst->self->child_arg(index) : nullptr;
}

void api_child_write(ferry_instance* inst, size_t index, const ferry_chunk* chunk,
                     ferry_done_callback done, void* user) {
  if (!inst) return;
  try {
    inst->self->child_write(index, chunk, done, user);
  } catch (...) {
    report("child_write");
  }
}

const char* api_hostname() {
  // Socket.gethostname, as Fluentd's "#{Socket.gethostname}" and in_sample.
  static const std::string name = [] {
    char buf[HOST_NAME_MAX + 1] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return std::string("localhost");
    return std::string(buf);
  }();
  return name.c_str();
}

int64_t api_now_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void api_write_log_device(ferry_instance*, const char* text, size_t len) {
  if (!text) return;
  try {
    log::write_raw(std::string_view(text, len));
  } catch (...) {
    report("write_log_device");
  }
}

}  // namespace

void fill_instance_api(ferry_host_api& api) {
  api.struct_size = sizeof(ferry_host_api);
  api.abi_major = FERRY_ABI_MAJOR;
  api.abi_minor = FERRY_ABI_MINOR;
  api.log = &api_log;
  api.log_enabled = &api_log_enabled;
  api.emit = &api_emit;
  api.emit_error = &api_emit_error;
  api.emit_error_class = &api_emit_error_class;
  api.complete = &api_complete;
  api.writer_append = &api_writer_append;
  api.timer_start = &api_timer_start;
  api.timer_stop = &api_timer_stop;
  api.fd_watch = &api_fd_watch;
  api.fd_unwatch = &api_fd_unwatch;
  api.post = &api_post;
  api.child_count = &api_child_count;
  api.child_arg = &api_child_arg;
  api.child_write = &api_child_write;
  api.hostname = &api_hostname;
  api.now_ns = &api_now_ns;
  api.write_log_device = &api_write_log_device;
}

}  // namespace ferry::host
