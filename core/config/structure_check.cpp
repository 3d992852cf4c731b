#include "config/structure_check.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "config/reserved_keys.hpp"

namespace ferry::config {
namespace {

std::string tag_of(const Element& e) {
  return "<" + e.name + (e.arg.empty() ? "" : " " + e.arg) + ">";
}

bool parse_worker_number(std::string_view s, long& out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  out = std::stol(std::string(s));
  return true;
}

class StructureChecker {
 public:
  explicit StructureChecker(Diagnostics& diag) : diag_(diag) {}

  void run(const Element& root) {
    collect_labels(root);
    workers_ = configured_workers(root);

    for (const Entry& entry : root.entries) {
      if (!check_at_key(entry, kDirectiveLevel)) {
        diag_.warning(entry.where, "parameter '" + entry.key + "' in <ROOT> is not used.",
                      entry.key);
      }
    }
    const Element* first_system = nullptr;
    for (const Element& child : root.children) {
      if (is_plugin_directive(child.name)) {
        check_directive(child, kTopLevel);
      } else if (child.name == "label") {
        check_label(child, kTopLevel);
      } else if (child.name == "system") {
        if (first_system) {
          diag_.error(child.where,
                      "<system> is duplicated. <system> should be only one (the first is at " +
                          first_system->where.str() + ")",
                      tag_of(child));
        } else {
          first_system = &child;
        }
        check_system(child);
      } else if (child.name == "worker") {
        check_worker(child);
      } else {
        diag_.warning(child.where, "section <" + child.name + "> is not used in <ROOT>",
                      tag_of(child));
      }
    }
  }

 private:
  static constexpr int kTopLevel = -1;  // scope of plugin ids outside <worker>

  // Label names defined anywhere (top level or inside <worker>), so that
  // `@label` references can point forward, as in Fluentd.
  void collect_labels(const Element& root) {
    for (const Element& child : root.children) {
      if (child.name == "label" && !child.arg.empty()) labels_.insert(child.arg);
      if (child.name == "worker")
        for (const Element& inner : child.children)
          if (inner.name == "label" && !inner.arg.empty()) labels_.insert(inner.arg);
    }
  }

  // <system> workers (default 1); the <worker> id range is checked against it.
  static long configured_workers(const Element& root) {
    for (const Element& child : root.children) {
      if (child.name != "system") continue;
      long workers = 0;
      auto value = child.get("workers");
      if (value && parse_worker_number(*value, workers) && workers > 0) return workers;
      break;
    }
    return 1;
  }

  static constexpr bool kDirectiveLevel = true;

  // An `@` key that is not reserved; false for any other key.
  bool check_at_key(const Entry& entry, bool directive_level) {
    std::optional<KeyFinding> finding = unknown_at_key(entry.key, directive_level);
    if (!finding) return false;
    if (finding->severity == Severity::Error) {
      diag_.error(entry.where, finding->message, entry.key);
    } else {
      diag_.warning(entry.where, finding->message, entry.key);
    }
    return true;
  }

  void check_system(const Element& system) {
    for (const Entry& entry : system.entries) check_at_key(entry, kDirectiveLevel);
    for (const Element& child : system.children) check_nested(child, kTopLevel);
  }

  // <source>, <match>, <filter>, wherever they appear.
  void check_directive(const Element& e, int scope) {
    const Entry* type = e.find("@type");
    if (!type) {
      if (const Entry* legacy = e.find("type")) {
        diag_.warning(legacy->where, legacy_key_warning("type", "@type"), "type");
      } else {
        diag_.error(e.where, "Missing '@type' parameter on <" + e.name + "> directive", tag_of(e));
      }
    }
    for (const Entry& entry : e.entries) check_at_key(entry, kDirectiveLevel);
    check_references(e, scope);
    for (const Element& child : e.children) check_nested(child, scope);
  }

  // Sections inside a plugin directive (<buffer>, <store>, <parse>, ...).
  void check_nested(const Element& e, int scope) {
    for (const Entry& entry : e.entries) check_at_key(entry, !kDirectiveLevel);
    check_references(e, scope);
    for (const Element& child : e.children) check_nested(child, scope);
  }

  // `@label` must name a defined label; `@id` must be unique.
  void check_references(const Element& e, int scope) {
    if (const Entry* label = e.find("@label"); label && !label->nil) {
      if (label->value != "@ROOT" && !labels_.count(label->value)) {
        diag_.error(label->value_where,
                    label->value + " label not found: no <label " + label->value + "> is defined",
                    "@label " + label->value);
      }
    }
    if (const Entry* id = e.find("@id"); id && !id->nil) {
      for (const auto& [where, seen_scope] : ids_[id->value]) {
        if (seen_scope == scope || seen_scope == kTopLevel || scope == kTopLevel) {
          diag_.error(id->value_where,
                      "Duplicated plugin id `" + id->value +
                          "`. Check whole configuration and fix it. (first used at " + where.str() +
                          ")",
                      "@id " + id->value);
          break;
        }
      }
      ids_[id->value].push_back({id->value_where, scope});
    }
  }

  void check_label(const Element& label, int scope) {
    if (label.arg.empty()) {
      diag_.error(label.where, "Missing symbol argument on <label> directive", tag_of(label));
    } else if (label.arg == "@ROOT") {
      diag_.error(label.where,
                  "@ROOT for <label> is not permitted, reserved for getting root router",
                  tag_of(label));
    } else if (auto [it, fresh] = defined_labels_.emplace(label.arg, label.where); !fresh) {
      diag_.error(
          label.where,
          "Section <label " + label.arg + "> appears twice (first at " + it->second.str() + ")",
          tag_of(label));
    }
    for (const Entry& entry : label.entries) {
      diag_.warning(entry.where,
                    "parameter '" + entry.key + "' in " + tag_of(label) + " is not used.",
                    entry.key);
    }
    bool has_match = false;
    for (const Element& child : label.children) {
      if (child.name == "match" || child.name == "filter") {
        has_match |= child.name == "match";
        check_directive(child, scope);
      } else {
        diag_.warning(child.where, "section <" + child.name + "> is not used in " + tag_of(label),
                      tag_of(child));
      }
    }
    if (!has_match && !label.arg.empty()) {
      diag_.error(label.where, "Missing <match> sections in <label " + label.arg + "> section",
                  tag_of(label));
    }
  }

  void check_worker(const Element& worker) {
    int scope = worker_blocks_++;
    check_worker_ids(worker);
    for (const Entry& entry : worker.entries) {
      diag_.warning(entry.where,
                    "parameter '" + entry.key + "' in " + tag_of(worker) + " is not used.",
                    entry.key);
    }
    for (const Element& child : worker.children) {
      if (is_plugin_directive(child.name)) {
        check_directive(child, scope);
      } else if (child.name == "label") {
        check_label(child, scope);
      } else {
        diag_.error(child.where, "<worker> section cannot have <" + child.name + "> directive",
                    tag_of(child));
      }
    }
  }

  void check_worker_ids(const Element& worker) {
    const std::string& arg = worker.arg;
    if (arg.empty()) {
      diag_.error(worker.where, "Missing worker id on <worker> directive", tag_of(worker));
      return;
    }
    const std::string available = "Available worker id is between 0 and " +
                                  std::to_string(workers_ - 1) + " (<system> workers is " +
                                  std::to_string(workers_) + ")";
    size_t dash = arg.find('-');
    long first = 0;
    long last = 0;
    bool range = dash != std::string::npos;
    bool numeric = range ? parse_worker_number(std::string_view(arg).substr(0, dash), first) &&
                               parse_worker_number(std::string_view(arg).substr(dash + 1), last)
                         : parse_worker_number(arg, first);
    if (!numeric) {
      diag_.error(worker.where,
                  "invalid worker id '" + arg + "' on <worker> directive: expected N or N-M",
                  tag_of(worker));
      return;
    }
    if (!range) last = first;
    if (first > last) {
      diag_.error(worker.where,
                  "greater first_worker_id<" + std::to_string(first) + "> than last_worker_id<" +
                      std::to_string(last) +
                      "> specified by <worker> directive is not allowed. Available multi worker "
                      "assign syntax is <smaller_worker_id>-<greater_worker_id>",
                  tag_of(worker));
      return;
    }
    for (long id = first; id <= last; ++id) {
      if (id > workers_ - 1) {
        diag_.error(worker.where,
                    "worker id " + std::to_string(id) +
                        " specified by <worker> directive is not allowed. " + available,
                    tag_of(worker));
        return;
      }
    }
    // As in Fluentd, only the range form claims ids exclusively.
    if (!range) return;
    for (long id = first; id <= last; ++id) {
      if (!used_worker_ids_.insert(id).second) {
        diag_.error(worker.where,
                    "specified worker_id<" + std::to_string(id) +
                        "> collisions is detected on <worker> directive",
                    tag_of(worker));
        return;
      }
    }
  }

  Diagnostics& diag_;
  std::set<std::string> labels_;
  std::map<std::string, SourceLocation> defined_labels_;
  std::map<std::string, std::vector<std::pair<SourceLocation, int>>> ids_;
  std::set<long> used_worker_ids_;
  long workers_ = 1;
  int worker_blocks_ = 0;
};

}  // namespace

void check_structure(const Element& root, Diagnostics& diag) {
  StructureChecker(diag).run(root);
}

}  // namespace ferry::config
