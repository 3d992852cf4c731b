#pragma once
#include <string>
#include <string_view>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "config/load_options.hpp"

namespace ferry::config {

// Fluentd v1 syntax (lib/fluent/config/v1_parser.rb and friends): sections,
// comments, quoting and escapes, JSON literal values, "#{...}", @include.
// Appends the parsed entries and children to `into` (used for @include
// splicing); `file` is used in locations and for relative includes.
void parse_v1(std::string_view text, const std::string& file, const std::string& base_dir,
              const LoadOptions& opts, Element& into, Diagnostics& diag);

}  // namespace ferry::config
