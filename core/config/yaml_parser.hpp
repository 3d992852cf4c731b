#pragma once
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"

namespace ferry::config {

// Fluentd's YAML config form (lib/fluent/config/yaml_parser): `system:` map
// and `config:` list of one-key maps, $type/$tag/$arg/$name, !fluent/s,
// !fluent/json, !include. Produces the same tree as the v1 parser would for
// the equivalent .conf.
Element parse_yaml_file(const std::string& path, const LoadOptions& opts, Diagnostics& diag);

}  // namespace ferry::config
