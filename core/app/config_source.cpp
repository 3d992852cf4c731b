#include "app/config_source.hpp"

#include "config/config_file.hpp"
#include "config/structure_check.hpp"
#include "config/v1_parser.hpp"
#include "config/yaml_parser.hpp"

namespace ferry::app {
namespace {

bool has_yaml_extension(const std::string& path) {
  for (std::string ext : {".yaml", ".yml"}) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  }
  return false;
}

// Fluentd accepts <worker> and runs its content only in the named worker
// processes. Ferry runs one worker process, so a <worker> section would
// silently change meaning: refuse it, naming where it is.
void refuse_worker_sections(const config::Element& root, config::Diagnostics& diag) {
  for (const auto& child : root.children) {
    if (child.name != "worker") continue;
    diag.error(child.where,
               "<worker " + child.arg +
                   "> sections are not supported yet (Ferry runs one worker process); move "
                   "their content to the top level",
               "<worker " + child.arg + ">");
  }
}

}  // namespace

LoadedConfig load_config(const ConfigSource& source, const config::LoadOptions& opts,
                         config::Diagnostics& diag) {
  size_t errors_before = diag.error_count();
  config::Element root;
  if (source.force_yaml || has_yaml_extension(source.path)) {
    root = config::parse_yaml_file(source.path, opts, diag);
  } else {
    root.name = "ROOT";
    root.where.file = source.path;
    std::string content, error;
    if (!config::read_config_file(source.path, content, error)) {
      diag.error(config::SourceLocation{source.path, 0, 0}, error);
    } else {
      config::parse_v1(content, source.path, config::config_base_dir(source.path), opts, root,
                       diag);
    }
  }
  // -i text is appended to the file's content (Fluentd), so it is checked
  // together with it: its @label may name a label of the file and so on.
  for (size_t i = 0; i < source.inline_configs.size(); ++i) {
    std::string name = source.inline_configs.size() == 1
                           ? std::string("inline config")
                           : "inline config #" + std::to_string(i + 1);
    config::parse_v1(source.inline_configs[i], name, ".", opts, root, diag);
  }
  LoadedConfig loaded;
  loaded.parsed = diag.error_count() == errors_before;
  if (loaded.parsed) {
    config::check_structure(root, diag);
    refuse_worker_sections(root, diag);
  }
  loaded.root = std::move(root);
  return loaded;
}

}  // namespace ferry::app
