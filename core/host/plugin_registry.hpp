#pragma once
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ferry/abi.h"
#include "host/plugin_module.hpp"
#include "host/plugin_search.hpp"

namespace ferry::host {

// One plugin file found in the search path (`ferry plugins list`).
struct PluginListing {
  enum class State { Loaded, Failed, Shadowed };
  ferry_kind kind = FERRY_KIND_INPUT;
  std::string type_name;  // from the file name
  std::string path;
  State state = State::Failed;
  std::string reason;  // why Failed / which file shadows it
  ModulePtr module;    // set when Loaded
};
const char* state_name(PluginListing::State state);  // "loaded" "failed" "shadowed"

// Finds plugins by (kind, @type) in the search path, loads and validates
// them once and keeps them. Thread-safe.
class PluginRegistry {
 public:
  explicit PluginRegistry(SearchPath path) : path_(std::move(path)) {}
  const SearchPath& search_path() const { return path_; }

  // The plugin for `@type type_name` in a directive of `kind`. The error
  // names the file and the numbers; an unknown type lists the directories.
  ModuleResult load(ferry_kind kind, std::string_view type_name);

  // Makes an in-process plugin (tests, built-ins) answer for its kind and
  // type_name ahead of the search path. Empty string on success.
  std::string add(ModulePtr module);

  // Every in_*/filter_*/out_*.so in the search path, in search order, each
  // loaded to report its state. The first file of a name wins, later ones
  // are Shadowed.
  std::vector<PluginListing> list();

 private:
  using Key = std::pair<int, std::string>;
  SearchPath path_;
  std::mutex mu_;
  std::map<Key, ModulePtr> loaded_;
};

}  // namespace ferry::host
