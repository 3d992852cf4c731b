// Psych's plain-scalar typing (lib/psych/scalar_scanner.rb), reproduced so a
// YAML config means in Ferry what it means in Fluentd.
#include "config/yaml_scalar.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "text/ruby_float.hpp"

namespace ferry::config {
namespace {

bool ascii_ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
    if (x != y) return false;
  }
  return true;
}

// Ruby [[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=]; bytes >= 0x80 stand for the
// non-ASCII letters Ruby would count as alpha.
bool in_word_class(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("_ \t\n\r\f\v!@#$%^&*(){}<>|/\\~;=", c) != nullptr && c != '\0';
}

// %r{^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+}: "looks like a word".
bool looks_like_string(std::string_view s) {
  if (s.empty()) return false;
  if (in_word_class(s[0])) return true;
  bool optional_ok = std::strchr("0123456789.:-", s[0]) == nullptr;
  return optional_ok && s.size() > 1 && in_word_class(s[1]);
}

std::string strip_chars(std::string_view s, const char* drop) {
  std::string out;
  for (char c : s)
    if (!std::strchr(drop, c)) out += c;
  return out;
}

// Ruby Integer() of a string the INTEGER_LEGACY regex accepted, commas and
// underscores already removed: sign, then 0b / 0x / leading-0 octal / decimal.
std::string ruby_integer_text(const std::string& s) {
  size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') negative = s[i++] == '-';
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    if (s[i + 1] == 'b')
      base = 2, i += 2;
    else if (s[i + 1] == 'x')
      base = 16, i += 2;
    else
      base = 8, i += 1;
  }
  std::string digits = s.substr(i);
  if (base == 10) {
    size_t nz = digits.find_first_not_of('0');
    digits = nz == std::string::npos ? "0" : digits.substr(nz);
    return (negative && digits != "0" ? "-" : "") + digits;  // arbitrary length, like Ruby
  }
  unsigned long long v = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  if (res.ec != std::errc()) return s;  // beyond 64 bits: keep what was written
  if (v == 0) return "0";
  return (negative ? "-" : "") + std::to_string(v);
}

struct Patterns {
  std::regex date{R"(^\d{4}-(1[012]|0\d|\d)-([12]\d|3[01]|0\d|\d)$)"};
  std::regex time{
      R"(^-?\d{4}-\d{1,2}-\d{1,2}([Tt]|\s+)\d{1,2}:\d\d:\d\d(\.\d*)?(\s*(Z|[-+]\d{1,2}:?(\d\d)?))?$)"};
  std::regex sexagesimal_int{R"(^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$)"};
  std::regex sexagesimal_float{R"(^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$)"};
  std::regex float_re{R"(^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$)"};
  std::regex integer_legacy{
      R"(^([-+]?0b[_,]*[0-1][0-1_,]*|[-+]?0[_,]*[0-7][0-7_,]*|[-+]?(0|[1-9]([0-9]|,[0-9]|_[0-9])*)|[-+]?0x[_,]*[0-9a-fA-F][0-9a-fA-F_,]*)$)"};
};

const Patterns& patterns() {
  static const Patterns p;
  return p;
}

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Psych's base-60 sum: each field times 60 ** |index - 2|, as written there
// (so "1:30" is 1*3600 + 30*60 = 5400, a known Psych quirk).
template <typename T, typename Parse>
T base60(std::string_view s, Parse parse) {
  T total = 0;
  size_t index = 0, start = 0;
  for (;;) {
    size_t colon = s.find(':', start);
    std::string field(s.substr(start, colon == s.npos ? s.npos : colon - start));
    long exp = static_cast<long>(index) - 2;
    T weight = static_cast<T>(std::pow(60.0, static_cast<double>(exp < 0 ? -exp : exp)));
    total += parse(field) * weight;
    if (colon == s.npos) break;
    start = colon + 1;
    ++index;
  }
  return total;
}

YamlScalar make(YamlScalar::Type type, std::string text, std::string note = {}) {
  return YamlScalar{type, std::move(text), std::move(note)};
}

}  // namespace

YamlScalar resolve_plain_scalar(std::string_view s) {
  using T = YamlScalar::Type;
  const std::string str(s);
  if (s.empty()) return make(T::Null, "");
  if (looks_like_string(s) || s.find('\n') != s.npos) {
    if (s.size() > 5) return make(T::String, str);
    char first = s[0] >= 'A' && s[0] <= 'Z' ? static_cast<char>(s[0] + 32) : s[0];
    if (!std::strchr("ytonf~", first)) return make(T::String, str);
    if (s == "~" || ascii_ieq(s, "null")) return make(T::Null, "");
    if (ascii_ieq(s, "yes") || ascii_ieq(s, "true") || ascii_ieq(s, "on"))
      return make(T::Bool, "true", str == "true" ? "" : "YAML reads '" + str + "' as true");
    if (ascii_ieq(s, "no") || ascii_ieq(s, "false") || ascii_ieq(s, "off"))
      return make(T::Bool, "false", str == "false" ? "" : "YAML reads '" + str + "' as false");
    return make(T::String, str);
  }
  const Patterns& p = patterns();
  if (std::regex_match(str, p.time)) return make(T::String, str);  // Ruby Time: kept as written
  if (std::regex_match(str, p.date)) {
    int y = std::atoi(str.c_str());
    size_t d1 = str.find('-'), d2 = str.find('-', d1 + 1);
    int m = std::atoi(str.c_str() + d1 + 1), d = std::atoi(str.c_str() + d2 + 1);
    if (!valid_date(y, m, d)) return make(T::String, str);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return make(T::String, buf);
  }
  if (ascii_ieq(s, ".inf") || ascii_ieq(s, "+.inf")) return make(T::Float, "Infinity");
  if (ascii_ieq(s, "-.inf")) return make(T::Float, "-Infinity");
  if (ascii_ieq(s, ".nan")) return make(T::Float, "NaN");
  if (s.size() > 1 && s[0] == ':') {
    // A Ruby Symbol; to_s drops the colon (and quotes in :"x" form).
    std::string sym = str.substr(1);
    if (sym.size() >= 2 && (sym[0] == '"' || sym[0] == '\'')) {
      size_t close = sym.find(sym[0], 1);
      if (close != std::string::npos) sym = sym.substr(1, close - 1);
    }
    if (!sym.empty() && sym[0] == ':') sym.erase(0, 1);
    return make(T::String, sym, "YAML reads '" + str + "' as the symbol " + sym);
  }
  if (std::regex_match(str, p.sexagesimal_int)) {
    long long v = base60<long long>(str, [](const std::string& f) {
      return std::strtoll(strip_chars(f, "_").c_str(), nullptr, 10);
    });
    return make(T::Integer, std::to_string(v),
                "YAML reads '" + str + "' as the base-60 number " + std::to_string(v));
  }
  if (std::regex_match(str, p.sexagesimal_float)) {
    double v = base60<double>(str, [](const std::string& f) {
      return std::strtod(strip_chars(f, "_").c_str(), nullptr);
    });
    std::string shown = text::ruby_float_to_s(v);
    return make(T::Float, shown, "YAML reads '" + str + "' as the base-60 number " + shown);
  }
  if (std::regex_match(str, p.float_re)) {
    if (str == "." || str == "+." || str == "-.") return make(T::String, str);
    std::string clean = strip_chars(str, ",_");
    // Ruby's Float() wants a digit after '.', Psych drops a bare '.'.
    std::string fixed;
    for (size_t i = 0; i < clean.size(); ++i) {
      if (clean[i] == '.' && (i + 1 == clean.size() || clean[i + 1] == 'e' || clean[i + 1] == 'E'))
        continue;
      fixed += clean[i];
    }
    double v = std::strtod(fixed.c_str(), nullptr);
    return make(T::Float, text::ruby_float_to_s(v),
                str.find(',') != str.npos ? "YAML ignores the commas in '" + str + "'" : "");
  }
  if (std::regex_match(str, p.integer_legacy)) {
    std::string text = ruby_integer_text(strip_chars(str, ",_"));
    std::string note;
    std::string body = str[0] == '+' || str[0] == '-' ? str.substr(1) : str;
    if (str.find(',') != str.npos)
      note = "YAML ignores the commas in '" + str + "': " + text;
    else if (body.size() > 1 && body[0] == '0' && body[1] != 'x' && body[1] != 'b')
      note = "YAML reads '" + str + "' as the octal number " + text + "; quote it to keep the text";
    return make(T::Integer, text, note);
  }
  return make(T::String, str);
}

}  // namespace ferry::config
