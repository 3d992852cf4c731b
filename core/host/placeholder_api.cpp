#include "host/placeholder_api.hpp"

#include <cstddef>
#include <memory>
#include <string>

#include "buffer/placeholders.hpp"
#include "ferry/error.hpp"
#include "host/chunk_meta_handle.hpp"
#include "host/instance.hpp"

// The opaque handle of abi.h.
struct ferry_placeholder {
  ferry::host::Instance* instance = nullptr;
  std::string param_name;
  std::unique_ptr<ferry::buffer::Placeholder> impl;
};

namespace ferry::host {
namespace {

ferry_placeholder* placeholder_new_checked(ferry_instance* inst, const char* param_name,
                                           const char* text, size_t len, uint32_t check,
                                           ferry_error* err) {
  if (!inst || !inst->self) {
    ferry::ErrorMessage::set(err, "placeholder_new needs the plugin's instance");
    return nullptr;
  }
  const std::string name = param_name ? param_name : "";
  buffer::Placeholder::Check mode;
  switch (check) {
    case FERRY_PLACEHOLDER_STRICT:
      mode = buffer::Placeholder::Check::kStrict;
      break;
    case FERRY_PLACEHOLDER_AVAILABLE:
      mode = buffer::Placeholder::Check::kAvailable;
      break;
    default:
      ferry::ErrorMessage::set(err,
                               "placeholder_new_checked: unknown check " + std::to_string(check) +
                                   " for parameter '" + name +
                                   "' (FERRY_PLACEHOLDER_STRICT or FERRY_PLACEHOLDER_AVAILABLE)");
      return nullptr;
  }
  std::string error;
  auto impl = buffer::Placeholder::compile(name, std::string_view(text ? text : "", text ? len : 0),
                                           inst->self->buffer_options(), &error, mode);
  if (!impl) {
    ferry::ErrorMessage::set(err, error);
    return nullptr;
  }
  auto* p = new ferry_placeholder;
  p->instance = inst->self;
  p->param_name = name;
  p->impl = std::move(impl);
  return p;
}

ferry_placeholder* placeholder_new(ferry_instance* inst, const char* param_name, const char* text,
                                   size_t len, ferry_error* err) {
  return placeholder_new_checked(inst, param_name, text, len, FERRY_PLACEHOLDER_STRICT, err);
}

int placeholder_has(const ferry_placeholder* p) {
  return p && p->impl->has_placeholders() ? 1 : 0;
}

ferry_status placeholder_expand(const ferry_placeholder* p, const ferry_chunk* chunk,
                                void (*append)(void* user, const char* data, size_t len),
                                void* user) {
  if (!p || !append) return FERRY_DROP;
  const bool has_meta = chunk &&
                        chunk->struct_size >= offsetof(ferry_chunk, meta) + sizeof(chunk->meta) &&
                        chunk->meta && chunk->meta->meta;
  if (!has_meta) {
    if (!p->impl->has_placeholders()) {
      append(user, p->impl->text().data(), p->impl->text().size());
      return FERRY_OK;
    }
    p->instance->log(FERRY_LOG_WARN, "cannot expand placeholders of '" + p->param_name +
                                         "': the write carries no buffer chunk metadata");
    return FERRY_DROP;
  }
  // Reused per thread: expansion runs once per chunk and parameter.
  thread_local std::string out;
  out.clear();
  std::string error;
  if (!p->impl->expand(*chunk->meta->meta, out, &error)) {
    p->instance->log(FERRY_LOG_WARN,
                     "cannot expand placeholders of '" + p->param_name + "': " + error);
    return FERRY_DROP;
  }
  append(user, out.data(), out.size());
  return FERRY_OK;
}

void placeholder_free(ferry_placeholder* p) {
  delete p;
}

}  // namespace

void fill_placeholder_api(ferry_host_api& api) {
  api.placeholder_new = &placeholder_new;
  api.placeholder_has = &placeholder_has;
  api.placeholder_expand = &placeholder_expand;
  api.placeholder_free = &placeholder_free;
  api.placeholder_new_checked = &placeholder_new_checked;
}

}  // namespace ferry::host
