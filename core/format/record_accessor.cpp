// Parsing of record accessor paths, following record_accessor.rb's
// parse_dot_notation / parse_bracket_notation closely, quirks included
// (they decide which configs Fluentd accepts and what its errors say).
#include "format/record_accessor.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace ferry::format {
namespace {

using Step = RecordAccessor::Step;

// A Fluent::ConfigError (or Integer()'s ArgumentError) while parsing.
struct ParseError {
  std::string message;
};

// Ruby's s[a..b] with b == -1 meaning "to the end" (the quirk Fluentd's
// parser relies on when a bracket closes right away).
std::string ruby_range(std::string_view s, size_t a, long b) {
  if (a > s.size()) return {};
  if (b < 0) return std::string(s.substr(a));
  if (size_t(b) < a) return {};
  return std::string(s.substr(a, size_t(b) - a + 1));
}

// Kernel#Integer for the index forms people write: decimal with
// underscores, 0x / 0b / 0o / leading-0 octal, an optional sign.
int64_t ruby_integer(const std::string& text) {
  const ParseError invalid{"invalid value for Integer(): \"" + text + "\""};
  std::string s;
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  for (size_t k = b; k < e; ++k) {
    if (text[k] == '_' && k > b && k + 1 < e && std::isalnum(uint8_t(text[k - 1])) &&
        std::isalnum(uint8_t(text[k + 1])))
      continue;
    s += text[k];
  }
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int base = 10;
  if (s.size() > i + 1 && s[i] == '0') {
    const char p = char(std::tolower(uint8_t(s[i + 1])));
    if (p == 'x') {
      base = 16, i += 2;
    } else if (p == 'b') {
      base = 2, i += 2;
    } else if (p == 'o') {
      base = 8, i += 2;
    } else {
      base = 8, i += 1;
    }
  }
  if (i >= s.size()) throw invalid;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str() + i, &end, base);
  if (errno || *end != '\0' || s[i] == '-' || s[i] == '+') throw invalid;
  return negative ? -v : v;
}

Step key_step(std::string key) {
  Step s;
  s.key = std::move(key);
  return s;
}
Step index_step(int64_t i) {
  Step s;
  s.is_index = true;
  s.index = i;
  return s;
}

void parse_dot_array_op(std::string_view key, std::string_view param, std::vector<Step>& out) {
  const size_t start = key.find('[');
  if (start > 0) out.push_back(key_step(std::string(key.substr(0, start))));
  std::string rest(key.substr(start + 1));
  bool in_bracket = true;
  while (!rest.empty()) {
    if (in_bracket) {
      const size_t i = rest.find(']');
      if (i == std::string::npos)
        throw ParseError{"'[' found but ']' not found. Invalid syntax: " + std::string(param)};
      const std::string index = ruby_range(rest, 0, long(i) - 1);
      if (index == "]")
        throw ParseError{"missing array index in '[]'. Invalid syntax: " + std::string(param)};
      out.push_back(index_step(ruby_integer(index)));
      rest = rest.substr(i + 1);
      in_bracket = false;
    } else {
      const size_t i = rest.find('[');
      if (i == std::string::npos)
        throw ParseError{"found more characters after ']'. Invalid syntax: " + std::string(param)};
      rest = rest.substr(i + 1);
      in_bracket = true;
    }
  }
}

std::vector<Step> parse_dot(std::string_view param) {
  // String#split('.') keeps inner empty fields and drops trailing ones.
  std::vector<std::string> keys;
  std::string_view body = param.substr(2);
  size_t begin = 0;
  for (size_t k = 0; k <= body.size(); ++k) {
    if (k == body.size() || body[k] == '.') {
      keys.emplace_back(body.substr(begin, k - begin));
      begin = k + 1;
    }
  }
  while (!keys.empty() && keys.back().empty()) keys.pop_back();
  std::vector<Step> steps;
  for (const std::string& key : keys) {
    if (key.find('[') != std::string::npos) {
      parse_dot_array_op(key, param, steps);
    } else {
      steps.push_back(key_step(key));
    }
  }
  if (steps.empty()) throw ParseError{"empty keys in dot notation"};
  for (const Step& s : steps) {
    if (!s.is_index && s.key.find_first_of(" \t\n\r\f\v") != std::string::npos)
      throw ParseError{
          "whitespace character is not allowed in dot notation. Use bracket notation: " + s.key};
  }
  return steps;
}

std::vector<Step> parse_bracket(std::string_view orig) {
  std::vector<Step> steps;
  std::string param(orig.substr(1));
  bool in_bracket = false;
  while (!param.empty()) {
    if (in_bracket) {
      if (param[0] == '\'' || param[0] == '"') {
        size_t i = param.find("']");
        if (i == std::string::npos) i = param.find("\"]");
        if (i == std::string::npos)
          throw ParseError{"Incomplete bracket. Invalid syntax: " + std::string(orig)};
        if (param[0] != param[i])
          throw ParseError{"Mismatched quotes. Invalid syntax: " + std::string(orig)};
        steps.push_back(key_step(ruby_range(param, 1, long(i) - 1)));
        param = i + 2 <= param.size() ? param.substr(i + 2) : std::string();
      } else {
        const size_t i = param.find(']');
        if (i == std::string::npos)
          throw ParseError{"'[' found but ']' not found. Invalid syntax: " + std::string(orig)};
        const std::string index = ruby_range(param, 0, long(i) - 1);
        // Fluentd names what is left of the path here, not the whole of it.
        if (index == "]") throw ParseError{"missing array index in '[]'. Invalid syntax: " + param};
        steps.push_back(index_step(ruby_integer(index)));
        param = param.substr(i + 1);
      }
      in_bracket = false;
    } else {
      const size_t i = param.find('[');
      if (i == std::string::npos)
        throw ParseError{"found more characters after ']'. Invalid syntax: " + std::string(orig)};
      param = param.substr(i + 1);
      in_bracket = true;
    }
  }
  if (steps.empty()) throw ParseError{"empty keys in bracket notation"};
  return steps;
}

}  // namespace

std::optional<RecordAccessor> RecordAccessor::parse(std::string_view param, std::string* error) {
  RecordAccessor ra;
  try {
    if (param.substr(0, 2) == "$.") {
      ra.steps_ = parse_dot(param);
    } else if (param.substr(0, 2) == "$[") {
      ra.steps_ = parse_bracket(param);
    } else {
      ra.steps_.push_back(key_step(std::string(param)));
    }
  } catch (const ParseError& e) {
    if (error) *error = e.message;
    return std::nullopt;
  }
  return ra;
}

}  // namespace ferry::format
