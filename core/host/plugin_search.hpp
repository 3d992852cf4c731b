#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/abi.h"

namespace ferry::host {

// Fluentd's directive → plugin kind: <source> input, <filter> filter,
// <match> and <store> output. nullopt for anything else.
std::optional<ferry_kind> kind_for_directive(std::string_view directive);
// "in_", "filter_", "out_".
const char* kind_prefix(ferry_kind kind);
// The type a name resolves to: Fluentd's deprecated input name `dummy` is
// `sample`; every other name is itself.
std::string_view canonical_type(ferry_kind kind, std::string_view type_name);
// "<prefix><canonical type>.so", e.g. out_stdout.so, in_sample.so for dummy.
std::string plugin_file_name(ferry_kind kind, std::string_view type_name);

// The directories plugins are looked up in, first match wins.
class SearchPath {
 public:
  SearchPath() = default;
  explicit SearchPath(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

  // -p/--plugin dirs in order, then FERRY_PLUGIN_PATH (colon-separated),
  // then the install dir next to the running binary.
  static SearchPath standard(const std::vector<std::string>& cli_dirs);

  const std::vector<std::string>& dirs() const { return dirs_; }
  // Path of the first regular file named `file_name`, if any.
  std::optional<std::string> find(std::string_view file_name) const;
  // "dir1, dir2, dir3" for messages ("(empty)" when there is none).
  std::string describe() const;

 private:
  std::vector<std::string> dirs_;
};

// <dir of /proc/self/exe>/<relative plugin dir>: the install layout
// (bin/ferry, lib/.../ferry/plugins) and the build tree, which mirrors it.
// Several candidates when the install libdir is not plain "lib".
std::vector<std::string> install_plugin_dirs();

}  // namespace ferry::host
