#pragma once
// enable_ruby without Ruby: a parser for the expression shapes real configs
// use, compiled to Expr trees at load. Anything else is refused at load
// with the expression and the reason, never evaluated wrongly at run time.
//
// Grammar (Ruby precedence):
//   expr    := and ('||' and)*
//   and     := sum ('&&' sum)*
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := '-' unary | postfix
//   postfix := primary ('[' literal ']' | '.' method ['(' literals ')'])*
//   primary := record | tag | time | hostname | tag_parts | tag_prefix
//            | tag_suffix | nil | true | false | string | number | '(' expr ')'
// Methods: see kMethods in ruby_parser.cpp (dig, to_i, to_f, to_s, to_json,
// inspect, upcase, downcase, strip, length, size, first, last, join,
// strftime, iso8601, xmlschema, utc, localtime, nil?, empty?).
#include <memory>
#include <string>
#include <string_view>

#include "expr.hpp"

namespace ferry::record_transformer {

// Parses one expression starting at text[pos]; on success pos is just past
// it (trailing spaces skipped) and the caller checks what follows. On
// failure returns nullptr and sets error.
std::unique_ptr<Expr> parse_ruby_expression(std::string_view text, size_t& pos, std::string& error);

// One escape of a Ruby double-quoted string (also %Q[...]): text[pos] is the
// backslash. Appends the character(s) it stands for and moves pos past it.
// False with error for escapes Ferry does not reproduce (\c, \C-, \M-).
bool ruby_escape(std::string_view text, size_t& pos, std::string& out, std::string& error);

// What Ferry accepts, for error messages.
std::string_view supported_ruby_summary();

}  // namespace ferry::record_transformer
