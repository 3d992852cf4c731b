#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/source_location.hpp"

namespace ferry::config {

// One `key value` line. `value` is the text after Fluentd's lexical rules:
// quotes removed, escapes applied, "#{...}" evaluated, JSON literals
// re-serialised compactly. `nil` is set by "#{use_nil}".
struct Entry {
  std::string key;
  std::string value;
  SourceLocation where;        // of the key
  SourceLocation value_where;  // of the value's first character
  bool nil = false;            // "#{use_nil}": treat as unset
  bool use_default = false;    // "#{use_default}": force the default
};

// A `<name arg>` ... `</name>` element. The root element has name "ROOT".
// Front ends (v1 syntax, YAML) both produce this tree; everything after
// parsing works only on it.
struct Element {
  std::string name;
  std::string arg;
  SourceLocation where;
  std::vector<Entry> entries;  // in file order; duplicates kept, last wins
  std::vector<Element> children;

  // Last entry with this key, or nullptr.
  const Entry* find(std::string_view key) const;
  // Convenience: value of find(key) or nullopt.
  std::optional<std::string> get(std::string_view key) const;
};

}  // namespace ferry::config
