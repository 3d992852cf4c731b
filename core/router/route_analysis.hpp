#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "router/route_table.hpp"

namespace ferry::router {

// A source as the dry run knows it: `tag` is set when every event it emits
// carries that one tag (sample, exec, dummy ...); nullopt when tags are
// decided at run time (http paths, forward clients, in_tail `*`).
struct SourceRoute {
  std::string description;  // e.g. "<source> @type exec"
  config::SourceLocation where;
  std::optional<std::string> tag;
  ScopeId scope = kRootScope;
};

// The table's sources with their `tag` parameter taken as the static tag;
// the caller clears `tag` for plugins whose tag is not static.
std::vector<SourceRoute> sources_from_table(const RouteTable& table);

struct RouteAnalysis {
  // One line per source, for `ferry --dry-run`:
  //   fluent.conf:2: <source> @type exec: tag "a.b" -> <filter a.*> @type grep (fluent.conf:9)
  //       -> <match a.**> @type stdout (fluent.conf:15)
  std::vector<std::string> routes;
  // Each with file:line: a source tag reaching no <match>, a <filter> or
  // <match> that can never be reached, a <match> shadowed by an earlier one,
  // a pattern piece that never matches anything new, a static relabel cycle.
  std::vector<config::Diagnostic> warnings;
};

// Static analysis of the route table. Conservative: a warning is only given
// when it is proven (glob patterns are compared exactly; regex pieces are
// never assumed to cover anything).
RouteAnalysis analyze_routes(const RouteTable& table, const std::vector<SourceRoute>& sources);

}  // namespace ferry::router
