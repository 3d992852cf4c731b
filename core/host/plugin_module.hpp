#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/abi.h"

namespace ferry::host {

// A plugin shared object that loaded and whose descriptor passed every
// structural check. `info` is the host's own copy, zero-filled past the
// plugin's struct_size (append-only structs), with `params` pointing at
// tables whose rows have the host's stride. Modules are never unloaded:
// instances and descriptors may point into them for the life of the process.
struct Module {
  std::string path;        // the file it came from ("builtin:NAME" for in-process)
  void* handle = nullptr;  // dlopen handle, null for in-process descriptors
  ferry_plugin_info info{};
  // Copies of parameter tables whose row_size differed from the host's.
  std::vector<std::unique_ptr<ferry_param_table>> owned_tables;
  std::vector<std::unique_ptr<ferry_param[]>> owned_rows;
};
using ModulePtr = std::shared_ptr<const Module>;

struct ModuleResult {
  ModulePtr module;
  std::string error;  // set when module is null
};

// dlopen()s `path` (RTLD_NOW | RTLD_LOCAL), finds ferry_plugin_entry, and
// validates the descriptor: ABI version, struct sizes, required callbacks,
// parameter table. Each object is opened and its entry called once per
// process; later calls return the same Module. Never throws, never crashes
// on a bad descriptor: every failure is a message naming the file and the
// numbers involved.
ModuleResult load_module(const std::string& path);

// The same checks for a descriptor that lives in this process (tests,
// plugins linked into the binary); `origin` names it in messages.
ModuleResult adopt_descriptor(const ferry_plugin_info* info, std::string origin);

// Checks that a loaded module is the plugin asked for: its kind and type
// name. Empty string when it is.
std::string check_identity(const Module& module, ferry_kind kind, std::string_view type_name);

}  // namespace ferry::host
