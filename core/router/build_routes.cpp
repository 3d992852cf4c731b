#include "router/build_routes.hpp"

#include "config/reserved_keys.hpp"

namespace ferry::router {
namespace {

std::string trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The type of a directive (@type, or the legacy `type` Fluentd still
// reads); empty when missing (config::check_structure has reported it).
std::string plugin_type(const config::Element& e) {
  return config::reserved_value(e, "@type").value_or("");
}

std::string plugin_id(const config::Element& e) {
  return config::reserved_value(e, "@id").value_or("");
}

class Builder {
 public:
  Builder(StageFactory& factory, config::Diagnostics& diag) : factory_(factory), diag_(diag) {}

  RouteTable build(const config::Element& root) {
    // Labels first: @label may point forward, as in Fluentd.
    std::vector<std::pair<const config::Element*, ScopeId>> labels;
    for (const config::Element& child : root.children) {
      if (child.name != "label") continue;
      std::string name = trimmed(child.arg);
      if (name.empty() || name == kRootName || table_.find_label(name)) continue;
      labels.emplace_back(&child, table_.add_scope(name, child.where));
    }
    for (const config::Element& child : root.children) {
      if (child.name == "source") {
        add_source(child);
      } else if (child.name == "filter" || child.name == "match") {
        add_rule(kRootScope, child);
      } else if (child.name == "label") {
        for (const auto& [element, id] : labels)
          if (element == &child) add_label_content(id, child);
      }
    }
    return std::move(table_);
  }

 private:
  void add_label_content(ScopeId id, const config::Element& label) {
    for (const config::Element& child : label.children)
      if (child.name == "filter" || child.name == "match") add_rule(id, child);
  }

  void add_source(const config::Element& e) {
    auto scope = table_.label_of(e, kRootScope);
    if (plugin_type(e).empty() || !scope) return;
    SourceEntry src;
    src.type = plugin_type(e);
    src.id = plugin_id(e);
    src.where = e.where;
    src.scope = *scope;
    if (const config::Entry* tag = e.find("tag"); tag && !tag->nil) {
      src.tag_param = tag->value;
      src.tag_where = tag->value_where.line ? tag->value_where : tag->where;
    }
    table_.add_source(std::move(src));
  }

  // Nested sections that emit (copy's <store>): those with a @label and
  // relabel stores (which emit into the directive's own target without one).
  void add_nested_emitters(const config::Element& e, ScopeId emits_to, Rule& rule) {
    for (const config::Element& child : e.children) {
      std::string type = plugin_type(child);
      if (child.find("@label") || type == "relabel") {
        if (auto target = table_.label_of(child, emits_to)) rule.nested.push_back({type, *target});
      }
      add_nested_emitters(child, emits_to, rule);
    }
  }

  void add_rule(ScopeId scope, const config::Element& e) {
    Rule rule;
    rule.kind = e.name == "filter" ? RuleKind::Filter : RuleKind::Match;
    rule.where = e.where;
    rule.id = plugin_id(e);
    rule.type = plugin_type(e);
    auto label = table_.label_of(e, scope);
    if (rule.type.empty() || !label) return;
    if (e.find("@label")) rule.label = *label;
    add_nested_emitters(e, *label, rule);

    std::string error;
    std::string arg = trimmed(e.arg);
    auto pattern = TagPattern::compile(arg, error);
    if (pattern) {
      rule.pattern = std::move(*pattern);
    } else {
      diag_.error(e.where, error, "<" + e.name + " " + arg + ">");
    }
    // The stage is made even when the pattern is bad, so that its parameter
    // errors are reported in the same run.
    StageScope where{&table_, scope, *label};
    if (rule.kind == RuleKind::Filter) {
      rule.filter = factory_.filter_for(e, where);
    } else {
      rule.output = factory_.output_for(e, where);
    }
    if (pattern) table_.add_rule(scope, std::move(rule));
  }

  StageFactory& factory_;
  config::Diagnostics& diag_;
  RouteTable table_;
};

}  // namespace

RouteTable build_routes(const config::Element& root, StageFactory& factory,
                        config::Diagnostics& diag) {
  return Builder(factory, diag).build(root);
}

}  // namespace ferry::router
