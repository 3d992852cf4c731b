#include "config/config_tree.hpp"

#include "config/diagnostics.hpp"

namespace ferry::config {

std::string SourceLocation::str() const {
  std::string s = file.empty() ? std::string("<inline>") : file;
  if (line > 0) {
    s += ':' + std::to_string(line);
    if (column > 0) s += ':' + std::to_string(column);
  }
  return s;
}

const Entry* Element::find(std::string_view key) const {
  for (auto it = entries.rbegin(); it != entries.rend(); ++it)
    if (it->key == key) return &*it;
  return nullptr;
}

std::optional<std::string> Element::get(std::string_view key) const {
  const Entry* e = find(key);
  if (!e || e->nil) return std::nullopt;
  return e->value;
}

void Diagnostics::error(SourceLocation where, std::string message, std::string text) {
  items_.push_back({Severity::Error, std::move(where), std::move(message), std::move(text)});
  ++errors_;
}

void Diagnostics::warning(SourceLocation where, std::string message, std::string text) {
  items_.push_back({Severity::Warning, std::move(where), std::move(message), std::move(text)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) {
    items_.push_back(d);
    if (d.severity == Severity::Error) ++errors_;
  }
}

std::string Diagnostics::format(const Diagnostic& d) {
  std::string s = d.where.str();
  s += d.severity == Severity::Error ? ": error: " : ": warning: ";
  s += d.message;
  if (!d.text.empty()) {
    std::string t = d.text.size() > 200 ? d.text.substr(0, 200) + "..." : d.text;
    s += ": `" + t + "`";
  }
  return s;
}

}  // namespace ferry::config
