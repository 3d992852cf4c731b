#pragma once
// A built plugin module driven through the C ABI the way the host drives
// it: dlopen the .so, validate a directive text with the core's config
// layer against the plugin's own table (plus the core sections it opts
// into), create(), then filter() or write() chunks. The host API table
// comes with its config_* members filled; a test fills the members its
// plugin calls (log, emit_error, writer_append, formatter_*...) with its
// own recorders.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "config/params.hpp"
#include "config/v1_parser.hpp"
#include "ferry/abi.h"

namespace ferry::test {

class PluginHarness {
 public:
  PluginHarness() = default;
  PluginHarness(const PluginHarness&) = delete;
  PluginHarness& operator=(const PluginHarness&) = delete;
  ~PluginHarness() { close(); }

  // Loads $FERRY_BUILD_DIR/lib/ferry/plugins/<module>.so. "" or the error.
  std::string load(const std::string& module) {
    const char* build = std::getenv("FERRY_BUILD_DIR");
    const std::string path =
        std::string(build ? build : ".") + "/lib/ferry/plugins/" + module + ".so";
    module_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module_) return dlerror();
    auto entry = reinterpret_cast<ferry_plugin_entry_fn>(dlsym(module_, FERRY_PLUGIN_ENTRY_SYMBOL));
    if (!entry) return path + ": no " FERRY_PLUGIN_ENTRY_SYMBOL;
    info = entry();
    api.struct_size = sizeof api;
    api.abi_major = FERRY_ABI_MAJOR;
    api.abi_minor = FERRY_ABI_MINOR;
    config::fill_config_api(api);
    return "";
  }

  // Parses `text` (one directive, e.g. "<filter **>\n  @type grep\n...</filter>\n"),
  // validates it and runs create(). On failure *error is "validation
  // failed" or the plugin's message.
  ferry_status create(const std::string& text, const config::CoreSections& core = {},
                      std::string* error = nullptr) {
    config::Element root;
    config::Diagnostics diag;
    config::LoadOptions opts;
    config::parse_v1(text, "fluent.conf", ".", opts, root, diag);
    EXPECT_FALSE(diag.has_errors());
    cfg = config::validate_params(root.children.at(0), *info->params, core, opts, diag);
    if (!cfg) {
      if (error) *error = "validation failed";
      return FERRY_ERROR;
    }
    ferry_error err{};
    ferry_status s = info->create(&api, nullptr, cfg.get(), &ctx, &err);
    if (error) *error = err.message;
    return s;
  }

  // One batch through filter(); the plugin appends to the writer through
  // api.writer_append (the writer handle itself is NULL).
  ferry_filter_result filter(std::string_view tag, std::string_view events, uint32_t count,
                             ferry_error* err = nullptr) {
    ferry_error ignored{};
    ferry_chunk c = chunk(tag, events, count);
    return info->filter(ctx, &c, nullptr, err ? err : &ignored);
  }

  // One batch through write(); the plugin answers through api.complete.
  void write(std::string_view tag, std::string_view events, uint32_t count, uint64_t token) {
    ferry_chunk c = chunk(tag, events, count);
    info->write(ctx, &c, token);
  }

  // destroy() and dlclose(); also on destruction.
  void close() {
    if (ctx) info->destroy(ctx);
    ctx = nullptr;
    if (module_) dlclose(module_);
    module_ = nullptr;
  }

  const ferry_plugin_info* info = nullptr;
  ferry_host_api api{};
  config::ConfigPtr cfg;
  void* ctx = nullptr;

 private:
  // Plugins may read the tag as a C string.
  ferry_chunk chunk(std::string_view tag, std::string_view events, uint32_t count) {
    tag_.assign(tag);
    return ferry_chunk{sizeof(ferry_chunk),
                       tag_.c_str(),
                       tag_.size(),
                       reinterpret_cast<const uint8_t*>(events.data()),
                       events.size(),
                       count,
                       nullptr,
                       nullptr,
                       0};
  }

  void* module_ = nullptr;
  std::string tag_;
};

}  // namespace ferry::test
