#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_tree.hpp"
#include "router/stages.hpp"
#include "router/tag_pattern.hpp"

namespace ferry::router {

// A scope is Fluentd's "agent": the top level (ROOT) or one <label>. Each
// has its own ordered rule list; events emitted into a scope never fall back
// to another one.
using ScopeId = uint32_t;
inline constexpr ScopeId kRootScope = 0;
inline constexpr std::string_view kRootName = "@ROOT";  // what @label names it
inline constexpr std::string_view kErrorLabel = "@ERROR";

enum class RuleKind : unsigned char { Filter, Match };

// One <filter> or <match>, in file order within its scope.
struct Rule {
  RuleKind kind = RuleKind::Match;
  TagPattern pattern;
  std::string type;  // @type
  std::string id;    // @id, may be empty
  config::SourceLocation where;
  // Its @label when it has one (where its own emits go instead of `scope`).
  std::optional<ScopeId> label;
  // Nested sections that emit (copy's <store>): those with a @label, and
  // relabel stores, with the scope they emit into. For the dry-run analysis
  // and describe().
  struct NestedEmitter {
    std::string type;
    ScopeId scope;
  };
  std::vector<NestedEmitter> nested;
  // Owned by the StageFactory (the host); nullptr when it reported an error.
  FilterStage* filter = nullptr;
  OutputStage* output = nullptr;
};

struct Scope {
  std::string name;  // "ROOT" or the label name ("@OUT")
  config::SourceLocation where;
  std::vector<Rule> rules;
};

// A <source> as far as routing is concerned.
struct SourceEntry {
  std::string type;
  std::string id;
  config::SourceLocation where;
  ScopeId scope = kRootScope;  // its @label, else ROOT
  // The `tag` parameter as written, and where; whether it is the static tag
  // of every event depends on the plugin (in_tail expands `*`), so callers
  // decide before handing it to analyze_routes().
  std::optional<std::string> tag_param;
  config::SourceLocation tag_where;
};

// The static routing structure built from a config: scopes, their rules and
// the sources. Immutable once built; the Router executes it.
class RouteTable {
 public:
  RouteTable();

  ScopeId add_scope(std::string name, config::SourceLocation where);
  Rule& add_rule(ScopeId scope, Rule rule);
  void add_source(SourceEntry source) { sources_.push_back(std::move(source)); }

  size_t scope_count() const { return scopes_.size(); }
  const Scope& scope(ScopeId id) const { return scopes_[id]; }
  Scope& mutable_scope(ScopeId id) { return scopes_[id]; }
  const std::vector<SourceEntry>& sources() const { return sources_; }

  // "@ROOT" is the top level; other names are <label> arguments.
  std::optional<ScopeId> find_label(std::string_view name) const;
  // <label @ERROR>, where error events go, if the config has one.
  std::optional<ScopeId> error_scope() const { return find_label(kErrorLabel); }

  // The scope named by the element's @label, `current` when it has none,
  // nullopt when the label does not exist (config::check_structure reports
  // that). For the host: where a nested <store @label> emits.
  std::optional<ScopeId> label_of(const config::Element& element, ScopeId current) const;

  // Canonical text of the table without file positions, so that a YAML and
  // a v1 config of the same pipeline describe identically:
  //   <ROOT>
  //     source @type http @label @INGEST
  //     filter app.** @type record_transformer
  //     match app.** @type relabel @label @OUT
  //   <label @OUT>
  //     match ** @type stdout
  std::string describe() const;

  // "<ROOT>" or "<label @OUT>", for messages.
  std::string scope_title(ScopeId id) const;

 private:
  std::vector<Scope> scopes_;
  std::vector<SourceEntry> sources_;
};

}  // namespace ferry::router
