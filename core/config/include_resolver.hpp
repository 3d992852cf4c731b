#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ferry::config {

// What one `@include SPEC` names (Fluentd v1_parser.rb eval_include).
struct IncludeTargets {
  // Matching files in sorted (byte) order, as paths to open and to show in
  // messages. Empty when nothing matches: Fluentd includes nothing then.
  std::vector<std::string> files;
  // Set when the include cannot be followed (http:// and other URLs).
  std::string error;
  // Fluentd's warning when a `*.conf` glob picks up backup-looking files.
  std::vector<std::string> warnings;
};

// Resolves SPEC against `base_dir` (the including file's directory):
// absolute paths stay, `file:` URLs are decoded, globs (*, ?, [...], {a,b})
// are expanded and sorted.
IncludeTargets resolve_include(std::string_view spec, const std::string& base_dir);

}  // namespace ferry::config
