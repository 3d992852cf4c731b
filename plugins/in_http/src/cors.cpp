#include "cors.hpp"

namespace ferry::in_http {

bool cors_allows_any(const std::vector<std::string>& allowed) {
  for (const auto& a : allowed)
    if (a == "*") return true;
  return false;
}

bool cors_origin_allowed(const std::vector<std::string>& allowed, std::string_view origin) {
  for (const auto& a : allowed)
    if (a == origin) return true;
  for (const auto& a : allowed) {
    if (a.empty()) continue;
    std::string_view entry = a;
    size_t star = entry.find('*');
    // Without a `*`, Ruby's split gives the whole entry as the prefix and
    // nil as the suffix; end_with?(nil) raises, so only exact matches count
    // (handled above).
    if (star == std::string_view::npos) continue;
    std::string_view prefix = entry.substr(0, star), suffix = entry.substr(star + 1);
    if (origin.size() >= prefix.size() && origin.substr(0, prefix.size()) == prefix &&
        origin.size() >= suffix.size() && origin.substr(origin.size() - suffix.size()) == suffix)
      return true;
  }
  return false;
}

}  // namespace ferry::in_http
