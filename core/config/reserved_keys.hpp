#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"

namespace ferry::config {

// Fluentd's rules for `@`-prefixed keys (config/element.rb
// RESERVED_PARAMETERS, v1_parser.rb, engine.rb), shared by the structure
// check (the whole tree) and validate_params (one plugin element).

// @type, @id, @label, @log_level.
bool is_reserved_key(std::string_view key);

// The reserved key a legacy spelling stands for (type -> @type, id -> @id,
// log_level -> @log_level); nullptr for any other key. Fluentd reads the
// legacy key, with a warning, where the reserved one is absent.
const char* reserved_key_for_legacy(std::string_view key);

// Element#[] for a reserved key (@type, @id, @log_level): its entry, or the
// legacy spelling's when only that is given, as Fluentd reads it (`type
// stdout` loads out_stdout); nullptr when neither is there.
const Entry* find_reserved(const Element& el, std::string_view reserved);
// The value of find_reserved; nullopt when absent or nil.
std::optional<std::string> reserved_value(const Element& el, std::string_view reserved);

// source/match/filter: the plugin directives.
bool is_plugin_directive(std::string_view element_name);

// ROOT, source, match, filter, system: where an unknown `@` key is an
// error; in nested sections it is only a warning (Fluentd: "it works in
// the nested configuration for now").
bool is_directive_level(std::string_view element_name);

struct KeyFinding {
  Severity severity = Severity::Error;
  std::string message;
};

// The finding for a key that starts with '@' but is not reserved: an error
// at directive level, else a warning; nullopt for every other key.
std::optional<KeyFinding> unknown_at_key(std::string_view key, bool directive_level);

// "'type' is deprecated parameter name. use '@type' instead."
std::string legacy_key_warning(std::string_view legacy, std::string_view reserved);

}  // namespace ferry::config
