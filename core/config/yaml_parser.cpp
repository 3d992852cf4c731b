// Fluentd's YAML config form (lib/fluent/config/yaml_parser/parser.rb): the
// YAML, read with Psych's typing and tags (yaml_document.hpp), is shaped into
// the same Element tree the v1 parser produces.
#include "config/yaml_parser.hpp"

#include <algorithm>
#include <optional>

#include "config/yaml_document.hpp"

namespace ferry::config {
namespace {

// Shapes YNode trees into Elements the way Fluentd's yaml_parser/parser.rb
// builds its sections.
class TreeBuilder {
 public:
  explicit TreeBuilder(Diagnostics& diag) : diag_(diag) {}

  void root(const YNode& doc, Element& into) {
    if (doc.kind == YNode::Kind::Null) return;
    if (doc.kind != YNode::Kind::Map) {
      diag_.error(doc.where, "a YAML config is a map with `system:` and `config:` keys");
      return;
    }
    for (const auto& m : doc.members) {
      if (m.key != "system" && m.key != "config")
        diag_.warning(m.where,
                      "top-level key '" + m.key + "' is ignored (only system and config are read)",
                      m.key);
    }
    // Fluentd puts <system> first, whatever the order in the file.
    for (const auto& m : doc.members)
      if (m.key == "system" && m.value.kind != YNode::Kind::Null)
        if (auto e = section("system", m.value, std::nullopt, m.where))
          into.children.push_back(std::move(*e));
    for (const auto& m : doc.members)
      if (m.key == "config") config_list(m.value, into);
  }

 private:
  void config_list(const YNode& list, Element& into) {
    if (list.kind == YNode::Kind::Null) return;
    if (list.kind != YNode::Kind::Seq) {
      diag_.error(list.where,
                  "`config` must be a list of directives (- source: ..., - match: ...)");
      return;
    }
    for (const auto& item : list.items) {
      if (item.kind == YNode::Kind::Seq) {  // an !include'd list, spliced
        for (const auto& inner : item.items) directive_item(inner, into);
      } else {
        directive_item(item, into);
      }
    }
  }

  void directive_item(const YNode& item, Element& into) {
    if (item.kind != YNode::Kind::Map) {
      diag_.error(item.where, "a `config` item must be a map such as `- match: {...}`", item.text);
      return;
    }
    // Fluentd handles the keys of one item in this order.
    static constexpr const char* kOrder[] = {"label", "source", "filter", "match", "worker"};
    for (const char* name : kOrder)
      for (const auto& m : item.members)
        if (m.key == name) directive(m, into);
    for (const auto& m : item.members) {
      if (std::find_if(std::begin(kOrder), std::end(kOrder),
                       [&](const char* n) { return m.key == n; }) == std::end(kOrder))
        diag_.error(
            m.where,
            "unknown directive '" + m.key + "' (expected source, filter, match, label or worker)",
            m.key);
    }
  }

  void directive(const YMember& m, Element& into) {
    if (m.key == "label" || m.key == "worker") {
      if (m.value.kind != YNode::Kind::Map) {
        diag_.error(m.where,
                    "<" + m.key + "> needs a map with " + (m.key == "label" ? "$name" : "$arg") +
                        " and config",
                    m.key);
        return;
      }
      const char* arg_key = m.key == "label" ? "$name" : "$arg";
      Element e;
      e.name = m.key;
      e.where = m.where;
      if (const YNode* arg = m.value.get(arg_key)) e.arg = arg_text(*arg);
      for (const auto& inner : m.value.members) {
        if (inner.key == arg_key) continue;
        if (inner.key == "config")
          config_list(inner.value, e);
        else
          diag_.warning(inner.where, "key '" + inner.key + "' in <" + m.key + "> is ignored",
                        inner.key);
      }
      into.children.push_back(std::move(e));
      return;
    }
    std::optional<std::string> arg;
    const YNode* body = &m.value;
    YNode without_tag;
    if (m.key == "filter" || m.key == "match") {
      if (m.value.kind == YNode::Kind::Map) {
        without_tag = m.value;
        auto& ms = without_tag.members;
        auto it =
            std::find_if(ms.begin(), ms.end(), [](const YMember& x) { return x.key == "$tag"; });
        if (it != ms.end()) {
          arg = arg_text(it->value);
          ms.erase(it);
        }
        body = &without_tag;
      }
    }
    if (auto e = section(m.key, *body, arg, m.where)) into.children.push_back(std::move(*e));
  }

  // A section argument: lists joined with "," (Array#join), nil/false empty.
  static std::string arg_text(const YNode& n) {
    if (!n.truthy()) return "";
    if (n.kind == YNode::Kind::Seq) {
      std::string out;
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        out += n.items[i].kind == YNode::Kind::Null ? "" : arg_text(n.items[i]);
      }
      return out;
    }
    if (n.kind == YNode::Kind::Map) {
      std::string out, error;
      yaml_to_json(n, out, error);
      return out;
    }
    return n.text;
  }

  Entry entry(const std::string& key, const SourceLocation& key_where, const YNode& v) {
    Entry e;
    e.key = key;
    e.where = key_where;
    e.value_where = v.where;
    if (v.kind == YNode::Kind::Null) {
      e.nil = true;
    } else if (v.kind == YNode::Kind::Seq) {
      // Fluentd keeps the Ruby Array; its JSON text reads back the same way.
      std::string error;
      if (!yaml_to_json(v, e.value, error)) diag_.error(v.where, error);
    } else {
      e.value = v.text;
      e.use_default = v.use_default;
    }
    return e;
  }

  std::optional<Element> section(const std::string& name, const YNode& body,
                                 std::optional<std::string> arg, const SourceLocation& where) {
    if (body.kind != YNode::Kind::Map) {
      diag_.error(where, "<" + name + "> needs a map of parameters", name);
      return std::nullopt;
    }
    Element e;
    e.name = name;
    e.where = where;
    if (arg) e.arg = *arg;
    static constexpr std::pair<const char*, const char*> kReserved[] = {
        {"$type", "@type"}, {"$label", "@label"}, {"$id", "@id"}, {"$log_level", "@log_level"}};
    for (const auto& [yaml_key, key] : kReserved) {
      for (const auto& m : body.members)
        if (m.key == yaml_key && m.value.truthy())
          e.entries.push_back(entry(key, m.where, m.value));
    }
    for (const auto& m : body.members) {
      if (std::any_of(std::begin(kReserved), std::end(kReserved),
                      [&](const auto& r) { return m.key == r.first; }))
        continue;
      const YNode& v = m.value;
      if (v.kind == YNode::Kind::Seq && !v.items.empty() &&
          (v.items[0].kind == YNode::Kind::Map || v.items[0].kind == YNode::Kind::Seq)) {
        // A list of maps: the section repeated.
        for (const auto& item : v.items)
          if (auto child = nested(m.key, item, item.where)) e.children.push_back(std::move(*child));
      } else if (v.kind == YNode::Kind::Map) {
        if (auto child = nested(m.key, v, m.where)) e.children.push_back(std::move(*child));
      } else {
        e.entries.push_back(entry(m.key, m.where, v));
      }
    }
    return e;
  }

  // A nested section; `$arg` becomes its argument. (Fluentd forgets `$arg`
  // in the items of a section list; we read it there too.)
  std::optional<Element> nested(const std::string& name, const YNode& body,
                                const SourceLocation& where) {
    if (body.kind != YNode::Kind::Map) return section(name, body, std::nullopt, where);
    YNode rest = body;
    std::optional<std::string> arg;
    auto it = std::find_if(rest.members.begin(), rest.members.end(),
                           [](const YMember& x) { return x.key == "$arg"; });
    if (it != rest.members.end()) {
      if (it->value.truthy()) arg = arg_text(it->value);
      rest.members.erase(it);
    }
    return section(name, rest, arg, where);
  }

  Diagnostics& diag_;
};

}  // namespace

Element parse_yaml_file(const std::string& path, const LoadOptions& opts, Diagnostics& diag) {
  Element root;
  root.name = "ROOT";
  root.where = SourceLocation{path, 0, 0};
  if (std::optional<YNode> doc = read_yaml_document(path, opts, diag))
    TreeBuilder(diag).root(*doc, root);
  return root;
}

}  // namespace ferry::config
