#pragma once
#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "router/route_table.hpp"
#include "router/stages.hpp"

namespace ferry::router {

// Where a directive sits, told to the StageFactory.
struct StageScope {
  // The table being built, valid during the call: every label is already
  // registered, so find_label() works (e.g. for copy's <store @label>).
  const RouteTable* table = nullptr;
  ScopeId scope = kRootScope;     // the scope the directive lives in
  ScopeId emits_to = kRootScope;  // its @label, else `scope`: where its emits go
};

// Implemented by the host: turns a <filter>/<match> element into a loaded,
// configured stage. The factory owns the stages (they must outlive the
// Router) and returns nullptr after reporting its own errors to its
// diagnostics. It is called for every <filter>/<match> that has a @type and
// whose @label (if any) names a label.
class StageFactory {
 public:
  virtual ~StageFactory() = default;
  virtual FilterStage* filter_for(const config::Element& element, const StageScope& where) = 0;
  virtual OutputStage* output_for(const config::Element& element, const StageScope& where) = 0;
};

// Builds the route table of a config's ROOT element, like Fluentd's
// RootAgent/Agent/Label#configure: every <label NAME> is a scope; the
// <filter>/<match> of ROOT and of each label are its rules in file order
// (empty pattern = `**`); <source> elements are recorded with the scope of
// their @label.
//
// The tree is expected to have been through config::check_structure (the
// loader runs it), which reports missing @type, unknown @label, bad or
// duplicate labels. Those elements are skipped here, not reported twice.
// What only the router knows is reported to `diag` with file:line: patterns
// that do not compile (the stage is still made, so its own parameter errors
// show in the same run).
RouteTable build_routes(const config::Element& root, StageFactory& factory,
                        config::Diagnostics& diag);

}  // namespace ferry::router
