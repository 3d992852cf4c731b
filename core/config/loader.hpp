#pragma once
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"

namespace ferry::config {

// Loads a config file: YAML when it ends in .yaml/.yml, else Fluentd v1
// syntax; follows @include; then applies Fluentd's structural rules
// (check_structure in structure_check.hpp). Returns the ROOT element; every
// problem goes to diag (all of them, not only the first). An unreadable file
// is one error naming the path and the reason.
Element load_config_file(const std::string& path, const LoadOptions& opts, Diagnostics& diag);

// v1 text given directly (tests; for -i/--inline-config, append the inline
// text to the file's text as Fluentd does and pass the whole). `file` names
// it in messages; relative @include paths resolve against `base_dir`.
// Structural rules are applied as in load_config_file.
Element load_config_text(const std::string& text, const std::string& file,
                         const std::string& base_dir, const LoadOptions& opts, Diagnostics& diag);

}  // namespace ferry::config
