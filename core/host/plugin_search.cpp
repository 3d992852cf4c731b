#include "host/plugin_search.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace ferry::host {
namespace fs = std::filesystem;

std::optional<ferry_kind> kind_for_directive(std::string_view directive) {
  if (directive == "source") return FERRY_KIND_INPUT;
  if (directive == "filter") return FERRY_KIND_FILTER;
  if (directive == "match" || directive == "store") return FERRY_KIND_OUTPUT;
  return std::nullopt;
}

const char* kind_prefix(ferry_kind kind) {
  switch (kind) {
    case FERRY_KIND_INPUT:
      return "in_";
    case FERRY_KIND_FILTER:
      return "filter_";
    case FERRY_KIND_OUTPUT:
      return "out_";
  }
  return "unknown_";
}

std::string_view canonical_type(ferry_kind kind, std::string_view type_name) {
  // Fluentd renamed in_dummy to in_sample (v1.11) and kept `dummy` working.
  if (kind == FERRY_KIND_INPUT && type_name == "dummy") return "sample";
  return type_name;
}

std::string plugin_file_name(ferry_kind kind, std::string_view type_name) {
  std::string name = kind_prefix(kind);
  name.append(canonical_type(kind, type_name));
  name += ".so";
  return name;
}

SearchPath SearchPath::standard(const std::vector<std::string>& cli_dirs) {
  std::vector<std::string> dirs;
  auto add = [&dirs](std::string dir) {
    if (dir.empty()) return;
    for (const auto& d : dirs)
      if (d == dir) return;
    dirs.push_back(std::move(dir));
  };
  for (const auto& d : cli_dirs) add(d);
  if (const char* env = std::getenv("FERRY_PLUGIN_PATH")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      size_t colon = rest.find(':');
      add(std::string(rest.substr(0, colon)));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  for (auto& d : install_plugin_dirs()) add(std::move(d));
  return SearchPath(std::move(dirs));
}

std::optional<std::string> SearchPath::find(std::string_view file_name) const {
  for (const auto& dir : dirs_) {
    fs::path p = fs::path(dir) / file_name;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::nullopt;
}

std::string SearchPath::describe() const {
  if (dirs_.empty()) return "(empty)";
  std::string out;
  for (const auto& d : dirs_) {
    if (!out.empty()) out += ", ";
    out += d;
  }
  return out;
}

std::vector<std::string> install_plugin_dirs() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path bin = exe.parent_path();
  std::vector<std::string> out;
  // FERRY_PLUGIN_RELDIR: the install plugin dir relative to the install bin
  // dir (e.g. ../lib/x86_64-linux-gnu/ferry/plugins); the build tree always
  // uses ../lib/ferry/plugins.
  for (const char* rel : {FERRY_PLUGIN_RELDIR, "../lib/ferry/plugins"}) {
    std::string dir = (bin / rel).lexically_normal().string();
    if (out.empty() || out.front() != dir) out.push_back(dir);
  }
  return out;
}

}  // namespace ferry::host
