#include "path.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace ferry::json_extract {
namespace {

[[noreturn]] void fail(std::string_view what, std::string_view text) {
  throw std::invalid_argument(std::string(what) + ": " + std::string(text));
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// `[...]` at text[i] (text[i] == '['); returns the index after `]`.
size_t bracket_step(std::string_view text, size_t i, std::vector<PathStep>& steps) {
  const size_t open = i + 1;
  if (open < text.size() && (text[open] == '\'' || text[open] == '"')) {
    const char quote = text[open];
    const size_t close = text.find(std::string{quote, ']'}, open + 1);
    if (close == std::string_view::npos) {
      // A closing bracket behind the other quote is Fluentd's "Mismatched quotes".
      const char other = quote == '\'' ? '"' : '\'';
      if (text.find(std::string{other, ']'}, open + 1) != std::string_view::npos)
        fail("mismatched quotes in path", text);
      fail("incomplete bracket in path", text);
    }
    PathStep step;
    step.key = std::string(text.substr(open + 1, close - open - 1));
    steps.push_back(std::move(step));
    return close + 2;
  }
  const size_t close = text.find(']', open);
  if (close == std::string_view::npos) fail("'[' found but ']' not found in path", text);
  std::string_view digits = text.substr(open, close - open);
  if (digits.empty()) fail("missing array index in '[]' in path", text);
  if (digits.front() == '+') digits.remove_prefix(1);
  PathStep step;
  step.is_index = true;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), step.index);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
    fail("invalid array index '" + std::string(text.substr(open, close - open)) + "' in path",
         text);
  steps.push_back(std::move(step));
  return close + 1;
}

}  // namespace

Path parse_path(std::string_view text) {
  Path path;
  path.text = std::string(text);
  if (text.substr(0, 2) != "$." && text.substr(0, 2) != "$[") {
    if (text.empty()) fail("empty path", "\"\"");
    path.steps.push_back(PathStep{false, 0, std::string(text)});
    return path;
  }
  size_t i = 1;
  while (i < text.size()) {
    if (text[i] == '[') {
      i = bracket_step(text, i, path.steps);
    } else if (text[i] == '.') {
      size_t end = i + 1;
      while (end < text.size() && text[end] != '.' && text[end] != '[') ++end;
      const std::string_view key = text.substr(i + 1, end - i - 1);
      if (key.empty()) fail("empty key in path", text);
      for (char c : key)
        if (is_space(c)) fail("whitespace is not allowed in a dot key (use ['...']) in path", text);
      path.steps.push_back(PathStep{false, 0, std::string(key)});
      i = end;
    } else {
      fail("expected '.' or '[' at byte " + std::to_string(i) + " of path", text);
    }
  }
  return path;
}

}  // namespace ferry::json_extract
