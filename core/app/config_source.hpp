#pragma once
#include <string>
#include <vector>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"

namespace ferry::app {

// Where the configuration comes from: the -c file (v1 syntax, or YAML by
// extension or --config-file-type yaml) plus the -i inline texts appended
// after it, as Fluentd does. Re-read as a whole on SIGHUP.
struct ConfigSource {
  std::string path;
  bool force_yaml = false;
  std::vector<std::string> inline_configs;
};

struct LoadedConfig {
  config::Element root;
  // False when the text could not be read or parsed: the tree is partial
  // and must not be validated further (that would only add noise).
  bool parsed = false;
};

// Reads and parses the source and runs the structure checks (directives,
// labels, <system> once, <worker> refused...). Every problem goes to diag.
LoadedConfig load_config(const ConfigSource& source, const config::LoadOptions& opts,
                         config::Diagnostics& diag);

}  // namespace ferry::app
