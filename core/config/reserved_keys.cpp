#include "config/reserved_keys.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ferry::config {
namespace {

constexpr std::string_view kReserved[] = {"@type", "@id", "@label", "@log_level"};
constexpr std::pair<std::string_view, const char*> kLegacy[] = {
    {"type", "@type"}, {"id", "@id"}, {"log_level", "@log_level"}};
constexpr std::string_view kDirectiveLevel[] = {"ROOT", "source", "match", "filter", "system"};

template <size_t N>
bool one_of(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

}  // namespace

bool is_reserved_key(std::string_view key) {
  return one_of(key, kReserved);
}

const char* reserved_key_for_legacy(std::string_view key) {
  for (const auto& [legacy, reserved] : kLegacy)
    if (key == legacy) return reserved;
  return nullptr;
}

const Entry* find_reserved(const Element& el, std::string_view reserved) {
  if (const Entry* e = el.find(reserved)) return e;
  for (const auto& [legacy, key] : kLegacy)
    if (reserved == key) return el.find(legacy);
  return nullptr;
}

std::optional<std::string> reserved_value(const Element& el, std::string_view reserved) {
  const Entry* e = find_reserved(el, reserved);
  if (!e || e->nil) return std::nullopt;
  return e->value;
}

bool is_plugin_directive(std::string_view element_name) {
  return element_name == "source" || element_name == "match" || element_name == "filter";
}

bool is_directive_level(std::string_view element_name) {
  return one_of(element_name, kDirectiveLevel);
}

std::optional<KeyFinding> unknown_at_key(std::string_view key, bool directive_level) {
  if (key.empty() || key[0] != '@' || is_reserved_key(key)) return std::nullopt;
  if (directive_level) {
    return KeyFinding{Severity::Error,
                      "'@' is the system reserved prefix. Don't use '@' prefix parameter in the "
                      "configuration: " +
                          std::string(key)};
  }
  return KeyFinding{Severity::Warning,
                    "'@' is the system reserved prefix. It works in the nested configuration for "
                    "now but it will be rejected: " +
                        std::string(key)};
}

std::string legacy_key_warning(std::string_view legacy, std::string_view reserved) {
  return "'" + std::string(legacy) + "' is deprecated parameter name. use '" +
         std::string(reserved) + "' instead.";
}

}  // namespace ferry::config
