#include "app/plugins_command.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/core_sections.hpp"
#include "config/param_docs.hpp"
#include "host/plugin_registry.hpp"
#include "host/plugin_search.hpp"

namespace ferry::app {

int plugins_list(const CliOptions& cli) {
  host::PluginRegistry registry(host::SearchPath::standard(cli.plugin_dirs));
  auto listing = registry.list();
  std::printf("Plugin directories: %s\n", registry.search_path().describe().c_str());
  if (listing.empty()) {
    std::printf("No plugins found.\n");
    return 0;
  }
  for (const auto& p : listing) {
    std::string name = std::string(host::kind_prefix(p.kind)) + p.type_name;
    std::string version = p.module && p.module->info.version ? p.module->info.version : "-";
    std::printf("%-28s %-10s %-8s %s", name.c_str(), version.c_str(), host::state_name(p.state),
                p.path.c_str());
    if (!p.reason.empty()) std::printf("  (%s)", p.reason.c_str());
    std::printf("\n");
  }
  return 0;
}

namespace {

struct PluginName {
  std::optional<ferry_kind> kind;
  std::string type;
};

// "out_stdout" / "in_sample" / "filter_grep", or a bare type with --kind.
PluginName parse_plugin_name(const CliOptions& cli) {
  PluginName n{std::nullopt, cli.describe_name};
  if (cli.describe_kind == "input") n.kind = FERRY_KIND_INPUT;
  if (cli.describe_kind == "filter") n.kind = FERRY_KIND_FILTER;
  if (cli.describe_kind == "output") n.kind = FERRY_KIND_OUTPUT;
  if (n.kind) return n;
  for (ferry_kind k : {FERRY_KIND_INPUT, FERRY_KIND_FILTER, FERRY_KIND_OUTPUT}) {
    std::string prefix = host::kind_prefix(k);
    if (cli.describe_name.rfind(prefix, 0) == 0 && cli.describe_name.size() > prefix.size()) {
      return {k, cli.describe_name.substr(prefix.size())};
    }
  }
  return n;
}

// Core-owned rows at the directive's own level (Fluentd's legacy flat forms).
constexpr const char* kFlatTitle =
    "Legacy flat parameters (core; a parameter of the plugin's own table above wins)";

// The core-owned sections the plugin accepts, documented with it.
config::CoreSections documented_sections(const ferry_plugin_info& info) {
  config::CoreSections sections = core_sections_for(info.capabilities);
  for (auto it = sections.begin(); it != sections.end();) {
    it = it->second ? std::next(it) : sections.erase(it);
  }
  return sections;
}

}  // namespace

int plugins_describe(const CliOptions& cli) {
  host::PluginRegistry registry(host::SearchPath::standard(cli.plugin_dirs));
  PluginName name = parse_plugin_name(cli);
  host::ModulePtr module;
  std::string error;
  if (name.kind) {
    host::ModuleResult r = registry.load(*name.kind, name.type);
    module = r.module;
    error = r.error;
  } else {
    // A bare type: whichever kind has it, unless several do.
    std::vector<host::ModulePtr> found;
    for (ferry_kind k : {FERRY_KIND_INPUT, FERRY_KIND_FILTER, FERRY_KIND_OUTPUT}) {
      host::ModuleResult r = registry.load(k, name.type);
      if (r.module) found.push_back(r.module);
    }
    if (found.size() == 1) {
      module = found.front();
    } else if (found.size() > 1) {
      error = "'" + name.type +
              "' names plugins of several kinds; add --kind input|filter|output "
              "or use the file name (in_" +
              name.type + ", out_" + name.type + ")";
    } else {
      error = "Unknown plugin '" + name.type +
              "' of any kind. Looked in: " + registry.search_path().describe();
    }
  }
  if (!module) {
    std::fprintf(stderr, "ferry: %s\n", error.c_str());
    return 1;
  }
  const ferry_plugin_info& info = module->info;
  config::CoreSections sections = documented_sections(info);
  if (cli.json) {
    std::string json = config::describe_plugin_json(info);
    if (!sections.empty() && !json.empty() && json.back() == '}') {
      json.pop_back();
      json += ",\"core_sections\":{";
      bool first = true;
      for (const auto& [section, table] : sections) {
        json += (first ? "\"" : ",\"") + section + "\":" + config::describe_table_json(*table);
        first = false;
      }
      json += "}}";
    }
    std::printf("%s\n", json.c_str());
    return 0;
  }
  if (cli.markdown) {
    // The parameter reference of docs/plugins/<kind>_<name>.md is generated
    // from the same table the loader validates with (scripts/gen-plugin-docs.sh).
    std::string md = config::describe_plugin_markdown(info);
    for (const auto& [section, table] : sections)
      md += "\n" + config::describe_table_markdown(*table, "<" + section + "> (core section)");
    for (const ferry_param_table* flat : sections.flat)
      md += "\n" + config::describe_table_markdown(*flat, kFlatTitle);
    std::printf("%s", md.c_str());
    return 0;
  }
  std::string text = config::describe_plugin_text(info);
  std::printf("%s", text.c_str());
  if (!text.empty() && text.back() != '\n') std::printf("\n");
  std::printf("file: %s\n", module->path.c_str());
  for (const auto& [section, table] : sections) {
    std::printf("\n<%s> section (core, see `ferry plugins describe` of any plugin with it):\n%s",
                section.c_str(), config::describe_table_text(*table).c_str());
  }
  for (const ferry_param_table* flat : sections.flat)
    std::printf("\n%s:\n%s", kFlatTitle, config::describe_table_text(*flat).c_str());
  return 0;
}

}  // namespace ferry::app
