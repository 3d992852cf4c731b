#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace ferry::router {

// Rewrites the Ruby (Onigmo) regex syntax a Fluentd config may contain into
// the PCRE2 equivalent, for patterns compiled with PCRE2_UTF and
// PCRE2_MULTILINE (Ruby's ^ and $ always match at line breaks):
//   \h \H (hex digit in Ruby, horizontal space in PCRE2) -> [0-9a-fA-F] / [^0-9a-fA-F]
//   (?m) (?m: (dot matches newline in Ruby)             -> (?s) (?s:
// Everything else is shared syntax. Returns nullopt with `error` set for
// Ruby constructs PCRE2 would silently read differently.
std::optional<std::string> ruby_regex_to_pcre2(std::string_view ruby, std::string& error);

}  // namespace ferry::router
