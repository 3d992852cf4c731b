#include "config/loader.hpp"

#include <string_view>

#include "config/config_file.hpp"
#include "config/structure_check.hpp"
#include "config/v1_parser.hpp"
#include "config/yaml_parser.hpp"

namespace ferry::config {
namespace {

bool is_yaml_path(std::string_view path) {
  for (std::string_view ext : {".yaml", ".yml"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  }
  return false;
}

Element make_root(const std::string& file) {
  Element root;
  root.name = "ROOT";
  root.where.file = file;
  return root;
}

}  // namespace

Element load_config_file(const std::string& path, const LoadOptions& opts, Diagnostics& diag) {
  Element root;
  if (is_yaml_path(path)) {
    root = parse_yaml_file(path, opts, diag);
  } else {
    root = make_root(path);
    std::string content;
    std::string error;
    if (!read_config_file(path, content, error)) {
      diag.error(SourceLocation{path, 0, 0}, error);
      return root;
    }
    parse_v1(content, path, config_base_dir(path), opts, root, diag);
  }
  check_structure(root, diag);
  return root;
}

Element load_config_text(const std::string& text, const std::string& file,
                         const std::string& base_dir, const LoadOptions& opts, Diagnostics& diag) {
  Element root = make_root(file);
  parse_v1(text, file, base_dir, opts, root, diag);
  check_structure(root, diag);
  return root;
}

}  // namespace ferry::config
