// CORS origin matching of Fluentd's in_http (include_cors_allow_origin).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ferry::in_http {

// True when `origin` is listed, or matches an entry with a `*` wildcard
// (the text before the first `*` is a prefix, the rest a suffix).
bool cors_origin_allowed(const std::vector<std::string>& allowed, std::string_view origin);

// True when the list holds the bare `*` entry.
bool cors_allows_any(const std::vector<std::string>& allowed);

}  // namespace ferry::in_http
