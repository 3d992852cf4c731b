#include "router/route_table.hpp"

namespace ferry::router {

RouteTable::RouteTable() {
  scopes_.push_back(Scope{"ROOT", {}, {}});
}

ScopeId RouteTable::add_scope(std::string name, config::SourceLocation where) {
  scopes_.push_back(Scope{std::move(name), std::move(where), {}});
  return ScopeId(scopes_.size() - 1);
}

Rule& RouteTable::add_rule(ScopeId scope, Rule rule) {
  auto& rules = scopes_[scope].rules;
  rules.push_back(std::move(rule));
  return rules.back();
}

std::optional<ScopeId> RouteTable::find_label(std::string_view name) const {
  if (name == kRootName) return kRootScope;
  for (ScopeId i = 1; i < scopes_.size(); ++i)
    if (scopes_[i].name == name) return i;
  return std::nullopt;
}

std::optional<ScopeId> RouteTable::label_of(const config::Element& element, ScopeId current) const {
  const config::Entry* e = element.find("@label");
  if (!e || e->nil) return current;
  return find_label(e->value);
}

std::string RouteTable::scope_title(ScopeId id) const {
  return id == kRootScope ? std::string("<ROOT>") : "<label " + scopes_[id].name + ">";
}

std::string RouteTable::describe() const {
  auto label_name = [&](ScopeId id) {
    return id == kRootScope ? std::string(kRootName) : scopes_[id].name;
  };
  std::string out;
  for (ScopeId s = 0; s < scopes_.size(); ++s) {
    out += scope_title(s) + "\n";
    if (s == kRootScope) {
      for (const SourceEntry& src : sources_) {
        out += "  source @type " + src.type;
        if (!src.id.empty()) out += " @id " + src.id;
        if (src.scope != kRootScope) out += " @label " + label_name(src.scope);
        out += "\n";
      }
    }
    for (const Rule& r : scopes_[s].rules) {
      out += r.kind == RuleKind::Filter ? "  filter " : "  match ";
      out += r.pattern.text() + " @type " + r.type;
      if (!r.id.empty()) out += " @id " + r.id;
      if (r.label && *r.label != s) out += " @label " + label_name(*r.label);
      for (const Rule::NestedEmitter& n : r.nested)
        out += " (@type " + n.type + " @label " + label_name(n.scope) + ")";
      out += "\n";
    }
  }
  return out;
}

}  // namespace ferry::router
