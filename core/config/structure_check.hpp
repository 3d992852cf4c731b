#pragma once
#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"

namespace ferry::config {

// Fluentd's rules for the shape of a config (root_agent.rb, agent.rb,
// label.rb, system_config.rb, v1_parser.rb), checked on the tree from either
// front end. Everything found goes to `diag`:
// - top level: <source>, <match>, <filter>, <label>, <system>, <worker>;
//   any other section warns "section <foo> is not used in <ROOT>", a
//   top-level parameter warns that it is not used;
// - <system> at most once;
// - <label NAME>: NAME given, not @ROOT, unique, at least one <match>;
// - <source>/<match>/<filter>: '@type' required (legacy `type` warns);
//   `@`-keys other than @type/@id/@label/@log_level are errors there and in
//   <system>/<ROOT>, warnings in nested sections;
// - `@label X` anywhere must name a defined <label X> (or @ROOT);
// - `@id` values are unique;
// - <worker N> / <worker N-M>: ids are numbers within <system> workers,
//   ranges ascending and not overlapping, content only
//   source/match/filter/label. (Whether workers run is the engine's call.)
// An empty <match>/<filter> argument means `**`; the tree keeps the
// argument as written and the router applies that default.
void check_structure(const Element& root, Diagnostics& diag);

}  // namespace ferry::config
