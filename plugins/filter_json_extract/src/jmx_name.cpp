#include "jmx_name.hpp"

namespace ferry::json_extract {
namespace {

constexpr uint32_t kNotQuoted = UINT32_MAX;

bool forbidden_in_key(char c) {
  return c == ',' || c == '=' || c == ':' || c == '*' || c == '?' || c == '\n';
}
bool forbidden_in_value(char c) {
  return forbidden_in_key(c) || c == '"';
}

}  // namespace

// text[i] is the opening quote. Unescapes into unquoted_ and leaves i after
// the closing quote.
bool JmxName::quoted_value(std::string_view text, size_t& i, size_t& begin, size_t& len) {
  begin = unquoted_.size();
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      ++i;
      len = unquoted_.size() - begin;
      return true;
    }
    if (c == '\n') return false;
    if (c == '\\') {
      if (++i == text.size()) return false;
      const char e = text[i];
      if (e == 'n')
        unquoted_.push_back('\n');
      else if (e == '"' || e == '\\' || e == '*' || e == '?')
        unquoted_.push_back(e);
      else
        return false;
      continue;
    }
    // An unescaped * or ? would make the name a pattern, not a name.
    if (c == '*' || c == '?') return false;
    unquoted_.push_back(c);
  }
  return false;  // no closing quote
}

bool JmxName::parse(std::string_view text) {
  props_.clear();
  pending_.clear();
  unquoted_.clear();
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  domain_ = text.substr(0, colon);
  for (char c : domain_)
    if (c == '\n') return false;
  size_t i = colon + 1;
  if (i == text.size()) return false;  // no key property
  while (true) {
    const size_t key_begin = i;
    while (i < text.size() && text[i] != '=') {
      if (forbidden_in_key(text[i])) return false;
      ++i;
    }
    if (i == text.size() || i == key_begin) return false;
    const std::string_view key = text.substr(key_begin, i - key_begin);
    ++i;  // '='
    if (i < text.size() && text[i] == '"') {
      size_t begin = 0, len = 0;
      if (!quoted_value(text, i, begin, len)) return false;
      props_.push_back({key, {}});
      pending_.emplace_back(uint32_t(begin), uint32_t(len));
    } else {
      const size_t value_begin = i;
      while (i < text.size() && text[i] != ',') {
        if (forbidden_in_value(text[i])) return false;
        ++i;
      }
      if (i == value_begin) return false;
      props_.push_back({key, text.substr(value_begin, i - value_begin)});
      pending_.emplace_back(kNotQuoted, 0);
    }
    for (size_t k = 0; k + 1 < props_.size(); ++k)
      if (props_[k].key == key) return false;
    if (i == text.size()) break;
    if (text[i] != ',') return false;  // text after a closing quote
    ++i;
    if (i == text.size()) return false;  // trailing comma
  }
  for (size_t k = 0; k < props_.size(); ++k)
    if (pending_[k].first != kNotQuoted)
      props_[k].value = std::string_view(unquoted_).substr(pending_[k].first, pending_[k].second);
  return true;
}

}  // namespace ferry::json_extract
