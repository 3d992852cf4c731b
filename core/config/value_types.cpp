// Fluentd's parameter conversions (lib/fluent/config/types.rb), reproduced
// with Ruby's lenient String#to_i / #to_f and the unanchored unit regexes.
// Each function also says, through Conversion::warning, when Fluentd's reading
// differs from what the text seems to say.
#include "config/value_types.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "config/json_reader.hpp"

namespace ferry::config {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// Ruby's \s and String#strip set (strip also removes NUL).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\0')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// Ruby String#to_i (base 10): leading whitespace, optional sign, digits with
// single underscores between them; stops at the first other character.
// `consumed` is how many characters formed the number (0: none, result 0).
struct RubyInt {
  int64_t value = 0;
  size_t consumed = 0;
  bool overflow = false;
};

RubyInt ruby_to_i(std::string_view s) {
  RubyInt r;
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  if (i >= s.size() || !is_digit(s[i])) return r;
  // Accumulate as a negative number so INT64_MIN fits.
  int64_t acc = 0;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      int d = s[i] - '0';
      if (acc < (std::numeric_limits<int64_t>::min() + d) / 10)
        r.overflow = true;
      else
        acc = acc * 10 - d;
      ++i;
    } else if (s[i] == '_' && i + 1 < s.size() && is_digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  if (!negative) {
    if (acc == std::numeric_limits<int64_t>::min())
      r.overflow = true;
    else
      acc = -acc;
  }
  r.value = acc;
  r.consumed = i;
  return r;
}

// Ruby String#to_f: leading whitespace, sign, digits (underscores between
// digits), a fraction only when a digit follows '.', an exponent only when a
// digit follows 'e'.
struct RubyFloat {
  double value = 0;
  size_t consumed = 0;
};

RubyFloat ruby_to_f(std::string_view s) {
  RubyFloat r;
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  std::string clean;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
  auto digits = [&](bool allow_underscore) {
    size_t n = 0;
    while (i < s.size()) {
      if (is_digit(s[i])) {
        clean += s[i++];
        ++n;
      } else if (allow_underscore && n > 0 && s[i] == '_' && i + 1 < s.size() &&
                 is_digit(s[i + 1])) {
        ++i;
      } else {
        break;
      }
    }
    return n;
  };
  size_t int_digits = digits(true);
  size_t frac_digits = 0;
  if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
    clean += s[i++];
    frac_digits = digits(true);
  }
  if (int_digits == 0 && frac_digits == 0) return r;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      clean += 'e';
      clean.append(s.substr(i + 1, j - i - 1));
      i = j;
      digits(true);
    }
  }
  if (clean[0] == '+') clean.erase(0, 1);
  if (clean[0] == '.' || (clean[0] == '-' && clean.size() > 1 && clean[1] == '.'))
    clean.insert(clean[0] == '-' ? 1 : 0, "0");
  double v = 0;
  auto res = std::from_chars(clean.data(), clean.data() + clean.size(), v);
  if (res.ec == std::errc::result_out_of_range) {
    // from_chars leaves v unset on range errors; Ruby gives +-Infinity or 0.
    bool tiny = clean.find("e-") != std::string::npos;
    v = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    if (clean[0] == '-') v = -v;
  }
  r.value = v;
  r.consumed = i;
  return r;
}

// "[-+]digits" with optional single underscores: what to_i reads in full.
bool is_plain_integer(std::string_view s) {
  RubyInt r = ruby_to_i(s);
  return r.consumed > 0 && r.consumed == s.size() && !is_space(s.front());
}

bool is_plain_float(std::string_view s) {
  RubyFloat r = ruby_to_f(s);
  return r.consumed > 0 && r.consumed == s.size() && !is_space(s.front());
}

// Position of the first `[0-9]+<unit>` match of an unanchored Ruby regex: the
// digit run that ends right before the first unit letter preceded by a digit.
struct UnitMatch {
  size_t digits_begin = 0;
  size_t unit_pos = std::string_view::npos;
};

UnitMatch find_unit(std::string_view s, char lower, bool case_insensitive) {
  UnitMatch m;
  for (size_t j = 1; j < s.size(); ++j) {
    char c = s[j];
    bool hit = c == lower || (case_insensitive && c == lower - 'a' + 'A');
    if (hit && is_digit(s[j - 1])) {
      size_t b = j;
      while (b > 0 && is_digit(s[b - 1])) --b;
      m.digits_begin = b;
      m.unit_pos = j;
      return m;
    }
  }
  return m;
}

// Digits of an unanchored match as Ruby's $~[1].to_i (no sign, no underscores).
std::optional<int64_t> digits_value(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) {
    if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Ruby's String#split(/\s*,\s*/) on stripped text: trailing empty fields are
// dropped, inner ones kept.
std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    std::string_view field =
        s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
    // \s* on both sides of the comma belongs to the separator.
    while (!field.empty() && is_space(field.back()) && comma != std::string_view::npos)
      field.remove_suffix(1);
    if (start > 0)
      while (!field.empty() && is_space(field.front())) field.remove_prefix(1);
    out.emplace_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// Ruby Hash semantics for repeated keys: first position, last value.
void put_pair(std::vector<std::pair<std::string, std::string>>& pairs, std::string key,
              std::string value) {
  for (auto& p : pairs) {
    if (p.first == key) {
      p.second = std::move(value);
      return;
    }
  }
  pairs.emplace_back(std::move(key), std::move(value));
}

}  // namespace

std::optional<int64_t> to_integer(std::string_view text, Conversion& c) {
  RubyInt r = ruby_to_i(text);
  if (r.overflow) {
    c.error = "integer " + quoted(text) + " is out of range";
    return std::nullopt;
  }
  if (!is_plain_integer(text)) {
    c.warning = "Fluentd reads integer " + quoted(text) + " as " + std::to_string(r.value) +
                " (digits up to the first other character)";
  }
  return r.value;
}

std::optional<double> to_float(std::string_view text, Conversion& c) {
  RubyFloat r = ruby_to_f(text);
  if (!is_plain_float(text)) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, r.value);
    c.warning = "Fluentd reads float " + quoted(text) + " as " + std::string(buf, res.ptr) +
                " (number up to the first other character)";
  }
  return r.value;
}

std::optional<int64_t> to_size(std::string_view text, Conversion& c) {
  static constexpr char kUnits[] = {'k', 'm', 'g', 't'};
  for (int i = 0; i < 4; ++i) {
    UnitMatch m = find_unit(text, kUnits[i], /*case_insensitive=*/true);
    if (m.unit_pos == std::string_view::npos) continue;
    std::string_view digits = text.substr(m.digits_begin, m.unit_pos - m.digits_begin);
    std::optional<int64_t> n = digits_value(digits);
    int64_t mult = int64_t{1} << (10 * (i + 1));
    if (!n || *n > std::numeric_limits<int64_t>::max() / mult) {
      c.error = "size " + quoted(text) + " is out of range";
      return std::nullopt;
    }
    int64_t value = *n * mult;
    // Expected spellings: "10k", "10K", "10kb", "10MB".
    std::string_view rest = text.substr(m.unit_pos + 1);
    bool plain = m.digits_begin == 0 && (rest.empty() || rest == "b" || rest == "B");
    if (!plain) {
      std::string why;
      if (m.digits_begin > 0 && text[m.digits_begin - 1] == '.')
        why = "only the digits right before the unit count; write whole units";
      else if (m.digits_begin > 0)
        why = "only the digits right before the first unit letter count";
      else
        why = "the text after the unit is ignored";
      c.warning = "Fluentd reads size " + quoted(text) + " as " + std::to_string(value) +
                  " bytes (" + why + ")";
    }
    return value;
  }
  RubyInt r = ruby_to_i(text);
  if (r.overflow) {
    c.error = "size " + quoted(text) + " is out of range";
    return std::nullopt;
  }
  std::string_view s = text;
  if (!s.empty() && (s.back() == 'b' || s.back() == 'B')) s.remove_suffix(1);  // "100b"
  if (!is_plain_integer(s)) {
    c.warning = "Fluentd reads size " + quoted(text) + " as " + std::to_string(r.value) +
                " bytes (units are k, m, g, t)";
  }
  return r.value;
}

std::optional<double> to_time(std::string_view text, Conversion& c) {
  // Case-sensitive and tried in this order, as Fluentd does.
  static constexpr struct {
    char unit;
    int64_t seconds;
  } kUnits[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  for (const auto& u : kUnits) {
    UnitMatch m = find_unit(text, u.unit, /*case_insensitive=*/false);
    if (m.unit_pos == std::string_view::npos) continue;
    std::string_view digits = text.substr(m.digits_begin, m.unit_pos - m.digits_begin);
    std::optional<int64_t> n = digits_value(digits);
    if (!n || *n > std::numeric_limits<int64_t>::max() / u.seconds) {
      c.error = "time " + quoted(text) + " is out of range";
      return std::nullopt;
    }
    int64_t value = *n * u.seconds;
    bool plain = m.digits_begin == 0 && m.unit_pos + 1 == text.size();
    if (!plain) {
      std::string why;
      if (m.digits_begin > 0 && text[m.digits_begin - 1] == '.')
        why = "only the digits right before the unit count; write whole units";
      else if (m.digits_begin > 0 || m.unit_pos + 1 < text.size())
        why = "units are not combined: only the first of s, m, h, d found counts";
      else
        why = "unexpected text around the unit";
      c.warning = "Fluentd reads time " + quoted(text) + " as " + std::to_string(value) +
                  " seconds (" + why + ")";
    }
    return static_cast<double>(value);
  }
  RubyFloat r = ruby_to_f(text);
  if (!is_plain_float(text)) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, r.value);
    c.warning = "Fluentd reads time " + quoted(text) + " as " + std::string(buf, res.ptr) +
                " seconds (units are s, m, h, d, lower case)";
  }
  return r.value;
}

std::optional<bool> to_bool(std::string_view text, Conversion& c) {
  if (text == "true" || text == "yes" || text.empty()) return true;
  if (text == "false" || text == "no") return false;
  if (!text.empty() && text.front() == '#') {
    c.warning = "Fluentd reads bool " + quoted(text) + " as true (it starts with '#')";
    return true;
  }
  c.warning = quoted(text) + " is not a Fluentd bool (true, yes, false, no); it reads as nil";
  return std::nullopt;
}

std::optional<std::vector<std::string>> to_array(std::string_view text, Conversion& c) {
  if (!text.empty() && text.front() == '[') {
    std::string err;
    std::optional<json::Value> v = json::parse(text, err);
    if (!v || v->kind != json::Value::Kind::Array) {
      c.error = "array required but got " + quoted(text) + (err.empty() ? "" : " (" + err + ")");
      return std::nullopt;
    }
    std::vector<std::string> items;
    items.reserve(v->items.size());
    for (const auto& item : v->items) items.push_back(json::as_param_text(item));
    return items;
  }
  return split_commas(strip(text));
}

std::optional<std::vector<std::pair<std::string, std::string>>> to_hash(std::string_view text,
                                                                        Conversion& c) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!text.empty() && text.front() == '{') {
    std::string err;
    std::optional<json::Value> v = json::parse(text, err);
    if (!v || v->kind != json::Value::Kind::Object) {
      c.error = "hash required but got " + quoted(text) + (err.empty() ? "" : " (" + err + ")");
      return std::nullopt;
    }
    for (const auto& [k, val] : v->members) put_pair(pairs, k, json::as_param_text(val));
    return pairs;
  }
  for (const std::string& field : split_commas(strip(text))) {
    size_t colon = field.find(':');
    if (field.empty()) {
      c.error = "hash required but got " + quoted(text) + " (empty element)";
      return std::nullopt;
    }
    if (colon == std::string::npos) {
      c.warning = "hash element " + quoted(field) + " has no ':'; Fluentd reads its value as nil";
      put_pair(pairs, field, "");
      continue;
    }
    // Spaces around ':' are kept, as Fluentd keeps them.
    put_pair(pairs, field.substr(0, colon), field.substr(colon + 1));
  }
  return pairs;
}

}  // namespace ferry::config
