#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ferry::parse {

// Ruby's lenient String conversions, which Fluentd's parsers use on field
// text (type converters, numeric time, syslog pri).

// String#to_i: leading whitespace, an optional sign, digits with single
// underscores between them; stops at the first other byte; "" or "abc" is 0.
// Saturates at the int64 range (Ruby would make a Bignum).
int64_t ruby_to_i(std::string_view s);

// String#to_f: like to_i plus an optional fraction and exponent ("1e3",
// ".5", "1."); "abc" is 0.0; no hex, no "Infinity".
double ruby_to_f(std::string_view s);

// Kernel#Float(string): the strict form; nullopt when Ruby raises. Allows
// surrounding whitespace, underscores between digits, exponents and 0x hex.
std::optional<double> ruby_strict_float(std::string_view s);

// String#split(delimiter, limit) for a string delimiter: limit > 0 gives at
// most `limit` fields (the last keeps the rest); limit 0 drops trailing
// empty fields; limit < 0 keeps them. A single space delimiter splits on
// runs of whitespace after skipping leading whitespace (awk style); an empty
// delimiter splits into UTF-8 characters. "" gives no fields. Views point
// into s.
void ruby_split(std::string_view s, std::string_view delimiter, int limit,
                std::vector<std::string_view>& out);

// String#chomp without arguments: removes one trailing "\r\n", "\n" or "\r".
std::string_view ruby_chomp(std::string_view s);

// Ruby's whitespace for split and strip: space, \t, \n, \v, \f, \r.
inline bool ruby_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace ferry::parse
