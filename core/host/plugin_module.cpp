#include "host/plugin_module.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <mutex>

#include "config/param_docs.hpp"
#include "host/plugin_search.hpp"

namespace ferry::host {
namespace {

// Sizes ABI 1.0 promises. When a minor appends members, these stay at the
// 1.0 values (offsetof the first appended member) so older plugins load.
constexpr uint32_t kInfoSize_1_0 = offsetof(ferry_plugin_info, buffer_defaults);
constexpr uint32_t kParamSize_1_0 = sizeof(ferry_param);
// struct_size, abi_major, abi_minor: the part every version shares.
constexpr uint32_t kVersionHeaderSize = 3 * sizeof(uint32_t);
// Nested sections deeper than this are a cycle or a broken table.
constexpr int kMaxSectionDepth = 16;

std::string abi_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}
const std::string& host_abi() {
  static const std::string v = abi_text(FERRY_ABI_MAJOR, FERRY_ABI_MINOR);
  return v;
}

class TableChecker {
 public:
  explicit TableChecker(Module& m) : m_(m) {}

  // Validates `t` (and its sections) and returns the table the host uses:
  // `t` itself, or a copy with host-stride rows. nullptr with error_ set.
  const ferry_param_table* check(const ferry_param_table* t, const std::string& where, int depth) {
    if (depth > kMaxSectionDepth)
      return fail(where + ": sections nested more than " + std::to_string(kMaxSectionDepth) +
                  " deep");
    if (t->row_size < kParamSize_1_0)
      return fail(where + ": parameter row size " + std::to_string(t->row_size) +
                  " is smaller than ABI 1.0's " + std::to_string(kParamSize_1_0));
    if (t->count > 0 && !t->rows)
      return fail(where + ": " + std::to_string(t->count) + " parameter rows but rows is NULL");
    bool copy = t->row_size != sizeof(ferry_param);
    std::unique_ptr<ferry_param[]> rows;
    if (copy) rows = std::make_unique<ferry_param[]>(t->count ? t->count : 1);
    bool sections_moved = false;
    std::vector<const ferry_param_table*> sections(t->count, nullptr);
    for (uint32_t i = 0; i < t->count; ++i) {
      const auto* row = reinterpret_cast<const ferry_param*>(
          reinterpret_cast<const char*>(t->rows) + size_t(i) * t->row_size);
      if (copy) std::memcpy(&rows[i], row, sizeof(ferry_param));
      std::string row_where = where + " row " + std::to_string(i);
      if (!row->name || !*row->name) return fail(row_where + ": parameter has no name");
      row_where += " '" + std::string(row->name) + "'";
      if (row->type < FERRY_PARAM_STRING || row->type > FERRY_PARAM_SECTION)
        return fail(row_where + ": unknown parameter type " + std::to_string(row->type));
      if (row->type == FERRY_PARAM_ENUM && !row->enum_values)
        return fail(row_where + ": ENUM parameter without enum_values");
      if (row->type == FERRY_PARAM_SECTION) {
        if (!row->section) return fail(row_where + ": SECTION parameter without a table");
        const ferry_param_table* s = check(row->section, row_where, depth + 1);
        if (!s) return nullptr;
        sections[i] = s;
        sections_moved |= s != row->section;
      }
    }
    if (!copy && !sections_moved) return t;
    // Rebuild with host-stride rows pointing at the checked sections.
    if (!copy) {
      rows = std::make_unique<ferry_param[]>(t->count ? t->count : 1);
      std::copy(t->rows, t->rows + t->count, rows.get());
    }
    for (uint32_t i = 0; i < t->count; ++i)
      if (sections[i]) rows[i].section = sections[i];
    auto table = std::make_unique<ferry_param_table>(*t);
    table->row_size = sizeof(ferry_param);
    table->rows = rows.get();
    const ferry_param_table* out = table.get();
    m_.owned_rows.push_back(std::move(rows));
    m_.owned_tables.push_back(std::move(table));
    return out;
  }

  const std::string& error() const { return error_; }

 private:
  const ferry_param_table* fail(std::string message) {
    error_ = std::move(message);
    return nullptr;
  }
  Module& m_;
  std::string error_;
};

// Fills m.info from the plugin's descriptor; returns an error text or "".
std::string validate(const ferry_plugin_info* raw, const std::string& origin, Module& m) {
  if (!raw) return origin + ": ferry_plugin_entry returned NULL instead of a plugin descriptor";
  if (raw->struct_size < kVersionHeaderSize)
    return origin + ": plugin descriptor struct_size is " + std::to_string(raw->struct_size) +
           " bytes, too small to hold even the ABI version (" + std::to_string(kVersionHeaderSize) +
           " bytes); this ferry uses ABI " + host_abi();
  std::string plugin_abi = abi_text(raw->abi_major, raw->abi_minor);
  if (raw->abi_major != FERRY_ABI_MAJOR)
    return origin + ": plugin ABI " + plugin_abi + " is incompatible with this ferry's ABI " +
           host_abi() + " (the major versions differ); rebuild the plugin against the Ferry " +
           std::to_string(FERRY_ABI_MAJOR) + ".x SDK";
  if (raw->abi_minor > FERRY_ABI_MINOR)
    return origin + ": plugin ABI " + plugin_abi + " is newer than this ferry's ABI " + host_abi() +
           "; upgrade ferry or rebuild the plugin against the ABI " + host_abi() + " SDK";
  if (raw->struct_size < kInfoSize_1_0)
    return origin + ": plugin descriptor struct_size is " + std::to_string(raw->struct_size) +
           " bytes but ABI " + plugin_abi + " needs at least " + std::to_string(kInfoSize_1_0) +
           " (this ferry: ABI " + host_abi() + ", " + std::to_string(sizeof(ferry_plugin_info)) +
           " bytes)";
  // Append-only rule: take what the plugin has, zero what it does not know.
  std::memset(&m.info, 0, sizeof m.info);
  std::memcpy(&m.info, raw, std::min<size_t>(raw->struct_size, sizeof m.info));
  m.info.struct_size = sizeof m.info;
  ferry_plugin_info& info = m.info;
  // ABI 1.1 members count only when the plugin's struct holds them whole.
  auto covers = [raw](size_t offset, size_t size) { return raw->struct_size >= offset + size; };
  if (!covers(offsetof(ferry_plugin_info, buffer_defaults), sizeof info.buffer_defaults))
    info.buffer_defaults = nullptr;
  if (!covers(offsetof(ferry_plugin_info, buffer_mode), sizeof info.buffer_mode))
    info.buffer_mode = FERRY_BUFFER_WHEN_CONFIGURED;
  if (info.buffer_mode != FERRY_BUFFER_WHEN_CONFIGURED && info.buffer_mode != FERRY_BUFFER_ALWAYS)
    return origin + ": plugin '" + (info.type_name ? info.type_name : "?") +
           "' has an unknown buffer_mode " + std::to_string(info.buffer_mode) +
           " (FERRY_BUFFER_WHEN_CONFIGURED 0 or FERRY_BUFFER_ALWAYS 1)";

  if (info.kind < FERRY_KIND_INPUT || info.kind > FERRY_KIND_OUTPUT)
    return origin + ": plugin kind " + std::to_string(info.kind) +
           " is not one of 1 (input), 2 (filter), 3 (output)";
  if (!info.type_name || !*info.type_name) return origin + ": plugin has no type_name";
  if (!info.version) info.version = "";
  if (!info.description) info.description = "";
  if (!info.status) info.status = "";
  auto kind = static_cast<ferry_kind>(info.kind);
  auto missing = [&](const char* callback) {
    return origin + ": plugin '" + info.type_name + "' lacks the required callback '" + callback +
           "' (" + config::plugin_kind_name(kind) + " plugins must provide it)";
  };
  if (!info.create) return missing("create");
  if (!info.destroy) return missing("destroy");
  if (kind == FERRY_KIND_FILTER && !info.filter) return missing("filter");
  if (kind == FERRY_KIND_OUTPUT && !info.write) return missing("write");
  if (!info.params)
    return origin + ": plugin '" + info.type_name + "' has no parameter table (params is NULL)";
  TableChecker checker(m);
  const ferry_param_table* params = checker.check(info.params, origin + ": parameter table", 0);
  if (!params) return checker.error();
  info.params = params;
  return "";
}

std::mutex g_modules_mu;
// Keyed by dlopen handle: the same object reached by two paths is one module.
std::map<void*, ModulePtr>& modules() {
  static std::map<void*, ModulePtr> m;
  return m;
}

std::string dl_error() {
  const char* e = dlerror();
  return e ? e : "unknown dynamic loader error";
}

}  // namespace

ModuleResult load_module(const std::string& path) {
  std::lock_guard lock(g_modules_mu);
  // Already loaded by us (perhaps through another path)? Then its entry has
  // run; hand out the same module.
  if (void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD)) {
    auto it = modules().find(h);
    dlclose(h);  // drop the reference RTLD_NOLOAD added
    if (it != modules().end()) return {it->second, ""};
  }
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) return {nullptr, "cannot load plugin " + path + ": " + dl_error()};
  dlerror();
  void* sym = dlsym(handle, FERRY_PLUGIN_ENTRY_SYMBOL);
  if (!sym) {
    std::string err = path +
                      ": not a Ferry plugin: symbol " FERRY_PLUGIN_ENTRY_SYMBOL " not found (" +
                      dl_error() + ")";
    dlclose(handle);
    return {nullptr, err};
  }
  auto entry = reinterpret_cast<ferry_plugin_entry_fn>(sym);
  auto module = std::make_shared<Module>();
  module->path = path;
  module->handle = handle;
  std::string err = validate(entry(), path, *module);
  if (!err.empty()) {
    dlclose(handle);
    return {nullptr, err};
  }
  modules().emplace(handle, module);
  return {module, ""};
}

ModuleResult adopt_descriptor(const ferry_plugin_info* info, std::string origin) {
  auto module = std::make_shared<Module>();
  module->path = std::move(origin);
  std::string err = validate(info, module->path, *module);
  if (!err.empty()) return {nullptr, err};
  return {module, ""};
}

std::string check_identity(const Module& m, ferry_kind kind, std::string_view type_name) {
  std::string_view want = canonical_type(kind, type_name);
  if (m.info.kind != static_cast<uint32_t>(kind))
    return m.path + ": plugin '" + m.info.type_name + "' is of kind " +
           std::to_string(m.info.kind) + " (" + config::plugin_kind_name(m.info.kind) + ") but " +
           kind_prefix(kind) + "*.so files must hold kind " + std::to_string(kind) + " (" +
           config::plugin_kind_name(kind) + ")";
  if (want != m.info.type_name)
    return m.path + ": plugin type_name is '" + m.info.type_name +
           "' but the file is looked up as '" + std::string(want) +
           "'; the type_name must match the file name " + plugin_file_name(kind, want);
  return "";
}

}  // namespace ferry::host
