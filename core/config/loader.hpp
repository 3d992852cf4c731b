#pragma once
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"

namespace ferry::config {

// Loads a config file: YAML when it ends in .yaml/.yml, else Fluentd v1
// syntax; follows @include. Returns the ROOT element; every problem goes to
// diag (all of them, not only the first).
Element load_config_file(const std::string& path, const LoadOptions& opts, Diagnostics& diag);

// v1 text given directly (-i/--inline-config, tests). `file` names it in
// messages; relative @include paths resolve against `base_dir`.
Element load_config_text(const std::string& text, const std::string& file,
                         const std::string& base_dir, const LoadOptions& opts,
                         Diagnostics& diag);

}  // namespace ferry::config
