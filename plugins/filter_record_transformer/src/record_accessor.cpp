#include "record_accessor.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::record_transformer {
namespace {

using format::MpValue;

[[noreturn]] void config_error(const std::string& message) {
  throw std::invalid_argument(message);
}

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
    if (p == 'x')
      base = 16, i += 2;
    else if (p == 'b')
      base = 2, i += 2;
    else if (p == 'o')
      base = 8, i += 2;
    else
      base = 8, i += 1;
  }
  if (i >= s.size()) config_error("invalid value for Integer(): \"" + text + "\"");
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str() + i, &end, base);
  if (errno || *end != '\0' || s[i] == '-' || s[i] == '+')
    config_error("invalid value for Integer(): \"" + text + "\"");
  return negative ? -v : v;
}

PathStep key_step(std::string key) {
  PathStep s;
  s.key = std::move(key);
  return s;
}
PathStep index_step(int64_t i) {
  PathStep s;
  s.is_index = true;
  s.index = i;
  return s;
}

void parse_dot_array_op(std::string_view key, std::string_view param, std::vector<PathStep>& out) {
  const size_t start = key.find('[');
  if (start > 0) out.push_back(key_step(std::string(key.substr(0, start))));
  std::string rest(key.substr(start + 1));
  bool in_bracket = true;
  while (!rest.empty()) {
    if (in_bracket) {
      const size_t i = rest.find(']');
      if (i == std::string::npos)
        config_error("'[' found but ']' not found. Invalid syntax: " + std::string(param));
      const std::string index = ruby_range(rest, 0, long(i) - 1);
      if (index == "]")
        config_error("missing array index in '[]'. Invalid syntax: " + std::string(param));
      out.push_back(index_step(ruby_integer(index)));
      rest = rest.substr(i + 1);
      in_bracket = false;
    } else {
      const size_t i = rest.find('[');
      if (i == std::string::npos)
        config_error("found more characters after ']'. Invalid syntax: " + std::string(param));
      rest = rest.substr(i + 1);
      in_bracket = true;
    }
  }
}

std::vector<PathStep> parse_dot(std::string_view param) {
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
  std::vector<PathStep> steps;
  for (const std::string& key : keys) {
    if (key.find('[') != std::string::npos)
      parse_dot_array_op(key, param, steps);
    else
      steps.push_back(key_step(key));
  }
  if (steps.empty()) config_error("empty keys in dot notation");
  for (const PathStep& s : steps) {
    if (!s.is_index && s.key.find_first_of(" \t\n\r\f\v") != std::string::npos)
      config_error("whitespace character is not allowed in dot notation. Use bracket notation: " +
                   s.key);
  }
  return steps;
}

std::vector<PathStep> parse_bracket(std::string_view orig) {
  std::vector<PathStep> steps;
  std::string param(orig.substr(1));
  bool in_bracket = false;
  while (!param.empty()) {
    if (in_bracket) {
      if (param[0] == '\'' || param[0] == '"') {
        size_t i = param.find("']");
        if (i == std::string::npos) i = param.find("\"]");
        if (i == std::string::npos)
          config_error("Incomplete bracket. Invalid syntax: " + std::string(orig));
        if (param[0] != param[i])
          config_error("Mismatched quotes. Invalid syntax: " + std::string(orig));
        steps.push_back(key_step(ruby_range(param, 1, long(i) - 1)));
        param = i + 2 <= param.size() ? param.substr(i + 2) : std::string();
        in_bracket = false;
      } else {
        const size_t i = param.find(']');
        if (i == std::string::npos)
          config_error("'[' found but ']' not found. Invalid syntax: " + std::string(orig));
        const std::string index = ruby_range(param, 0, long(i) - 1);
        if (index == "]") config_error("missing array index in '[]'. Invalid syntax: " + param);
        steps.push_back(index_step(ruby_integer(index)));
        param = param.substr(i + 1);
        in_bracket = false;
      }
    } else {
      const size_t i = param.find('[');
      if (i == std::string::npos)
        config_error("found more characters after ']'. Invalid syntax: " + std::string(orig));
      param = param.substr(i + 1);
      in_bracket = true;
    }
  }
  if (steps.empty()) config_error("empty keys in bracket notation");
  return steps;
}

std::string_view span(const uint8_t* b, const uint8_t* e) {
  return {reinterpret_cast<const char*>(b), size_t(e - b)};
}

}  // namespace

KeyPath parse_record_accessor(std::string_view param) {
  KeyPath path;
  if (param.substr(0, 2) == "$.")
    path.steps = parse_dot(param);
  else if (param.substr(0, 2) == "$[")
    path.steps = parse_bracket(param);
  else
    path.steps.push_back(key_step(std::string(param)));
  return path;
}

bool delete_path(std::string_view value, const std::vector<PathStep>& steps, size_t from,
                 std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = p + value.size();
  MpValue head;
  if (from >= steps.size() || !format::read_item(p, end, head)) return false;
  const PathStep& step = steps[from];
  const bool last = from + 1 == steps.size();
  const uint32_t per = head.type == MpValue::kMap ? 2 : 1;
  if (head.type != MpValue::kMap && head.type != MpValue::kArray) return false;
  // Hash keys are strings here, so an index finds nothing on a hash, and an
  // array index must be an integer (else Ruby's TypeError, rescued).
  if ((head.type == MpValue::kMap) == step.is_index) return false;

  // Locate every element: [begin, key end, end) per element.
  struct Element {
    const uint8_t* begin;
    const uint8_t* value;
    const uint8_t* end;
    bool match;
  };
  std::vector<Element> elements;
  elements.reserve(head.size);
  int64_t index = step.index;
  if (step.is_index && index < 0) index += head.size;
  for (uint32_t k = 0; k < head.size; ++k) {
    Element el{p, p, p, false};
    if (per == 2) {
      MpValue key;
      const uint8_t* q = p;
      if (!format::read_item(q, end, key)) return false;
      el.match =
          (key.type == MpValue::kStr || key.type == MpValue::kBin) && key.bytes() == step.key;
      if (!format::skip_value(p, end)) return false;
      el.value = p;
    } else {
      el.match = int64_t(k) == index;
    }
    if (!format::skip_value(p, end)) return false;
    el.end = p;
    elements.push_back(el);
  }

  const Element* target = nullptr;
  size_t matches = 0;
  for (const Element& el : elements) {
    if (el.match) target = &el, ++matches;  // Hash#[]: the last duplicate wins
  }
  if (!target) return false;

  if (last) {
    if (per == 2)
      format::mp_map_header(out, uint32_t(head.size - matches));
    else
      format::mp_array_header(out, head.size - 1);
    for (const Element& el : elements)
      if (!el.match) out += span(el.begin, el.end);
    return true;
  }
  std::string child;
  if (!delete_path(span(target->value, target->end), steps, from + 1, child)) return false;
  if (per == 2)
    format::mp_map_header(out, head.size);
  else
    format::mp_array_header(out, head.size);
  for (const Element& el : elements) {
    if (&el == target) {
      out += span(el.begin, el.value);
      out += child;
    } else {
      out += span(el.begin, el.end);
    }
  }
  return true;
}

}  // namespace ferry::record_transformer
