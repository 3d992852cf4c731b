#include "host/plugin_registry.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "config/param_docs.hpp"

namespace ferry::host {
namespace fs = std::filesystem;

const char* state_name(PluginListing::State state) {
  switch (state) {
    case PluginListing::State::Loaded:
      return "loaded";
    case PluginListing::State::Failed:
      return "failed";
    case PluginListing::State::Shadowed:
      return "shadowed";
  }
  return "unknown";
}

ModuleResult PluginRegistry::load(ferry_kind kind, std::string_view type_name) {
  std::string canonical(canonical_type(kind, type_name));
  Key key{kind, canonical};
  {
    std::lock_guard lock(mu_);
    if (auto it = loaded_.find(key); it != loaded_.end()) return {it->second, ""};
  }
  std::string file = plugin_file_name(kind, type_name);
  auto path = path_.find(file);
  if (!path)
    // Fluentd: "Unknown output plugin 'x'. Run 'gem search -rd fluent-plugin'
    // to find plugins". Same first sentence; then where we looked.
    return {nullptr, "Unknown " + std::string(config::plugin_kind_name(kind)) + " plugin '" +
                         std::string(type_name) + "'. Looked for " + file +
                         " in: " + path_.describe() +
                         " (add a directory with -p/--plugin or FERRY_PLUGIN_PATH)"};
  ModuleResult r = load_module(*path);
  if (!r.module) return r;
  if (std::string err = check_identity(*r.module, kind, canonical); !err.empty())
    return {nullptr, err};
  std::lock_guard lock(mu_);
  loaded_.emplace(key, r.module);
  return r;
}

std::string PluginRegistry::add(ModulePtr module) {
  if (!module) return "no module";
  Key key{static_cast<int>(module->info.kind), module->info.type_name};
  std::lock_guard lock(mu_);
  if (!loaded_.emplace(key, module).second)
    return std::string("a ") + config::plugin_kind_name(module->info.kind) + " plugin named '" +
           module->info.type_name + "' is already registered";
  return "";
}

namespace {
// in_x.so -> (input, "x"); nullopt for other files.
std::optional<std::pair<ferry_kind, std::string>> parse_file_name(const std::string& name) {
  constexpr std::string_view kSuffix = ".so";
  if (name.size() <= kSuffix.size() || name.compare(name.size() - 3, 3, kSuffix) != 0)
    return std::nullopt;
  std::string stem = name.substr(0, name.size() - 3);
  for (ferry_kind k : {FERRY_KIND_INPUT, FERRY_KIND_FILTER, FERRY_KIND_OUTPUT}) {
    std::string_view prefix = kind_prefix(k);
    if (stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0)
      return std::make_pair(k, stem.substr(prefix.size()));
  }
  return std::nullopt;
}
}  // namespace

std::vector<PluginListing> PluginRegistry::list() {
  std::vector<PluginListing> out;
  std::map<Key, std::string> first_path;
  for (const auto& dir : path_.dirs()) {
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      auto parsed = parse_file_name(name);
      if (!parsed) continue;
      PluginListing l;
      l.kind = parsed->first;
      l.type_name = parsed->second;
      l.path = (fs::path(dir) / name).string();
      Key key{l.kind, l.type_name};
      if (auto it = first_path.find(key); it != first_path.end()) {
        l.state = PluginListing::State::Shadowed;
        l.reason = "shadowed by " + it->second;
      } else {
        first_path.emplace(key, l.path);
        ModuleResult r = load_module(l.path);
        std::string err = r.module ? check_identity(*r.module, l.kind, l.type_name) : r.error;
        if (err.empty()) {
          l.state = PluginListing::State::Loaded;
          l.module = r.module;
        } else {
          l.reason = err;
        }
      }
      out.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace ferry::host
