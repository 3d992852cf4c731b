#include "ruby_parser.hpp"

#include <charconv>
#include <cstdlib>

#include "text/utf8.hpp"

namespace ferry::record_transformer {
namespace {

struct MethodSpec {
  std::string_view name;
  Method method;
  int min_args;
  int max_args;
  bool int_args;  // the literal arguments are integers (else strings)
  bool any_args;  // strings or integers (dig)
};

constexpr MethodSpec kMethods[] = {
    {"dig", Method::kDig, 1, 16, false, true},
    {"to_i", Method::kToI, 0, 0, false, false},
    {"to_f", Method::kToF, 0, 0, false, false},
    {"to_s", Method::kToS, 0, 0, false, false},
    {"to_json", Method::kToJson, 0, 0, false, false},
    {"inspect", Method::kInspect, 0, 0, false, false},
    {"upcase", Method::kUpcase, 0, 0, false, false},
    {"downcase", Method::kDowncase, 0, 0, false, false},
    {"strip", Method::kStrip, 0, 0, false, false},
    {"length", Method::kLength, 0, 0, false, false},
    {"size", Method::kLength, 0, 0, false, false},
    {"first", Method::kFirst, 0, 0, false, false},
    {"last", Method::kLast, 0, 0, false, false},
    {"join", Method::kJoin, 0, 1, false, false},
    {"strftime", Method::kStrftime, 1, 1, false, false},
    {"iso8601", Method::kIso8601, 0, 1, true, false},
    {"xmlschema", Method::kIso8601, 0, 1, true, false},
    {"utc", Method::kUtc, 0, 0, false, false},
    {"getutc", Method::kUtc, 0, 0, false, false},
    {"localtime", Method::kLocaltime, 0, 0, false, false},
    {"getlocal", Method::kLocaltime, 0, 0, false, false},
    {"nil?", Method::kNilP, 0, 0, false, false},
    {"empty?", Method::kEmptyP, 0, 0, false, false},
};

constexpr struct {
  std::string_view name;
  Var var;
} kVars[] = {{"record", Var::kRecord},       {"tag", Var::kTag},
             {"time", Var::kTime},           {"hostname", Var::kHostname},
             {"tag_parts", Var::kTagParts},  {"tag_prefix", Var::kTagPrefix},
             {"tag_suffix", Var::kTagSuffix}};

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Parser {
 public:
  Parser(std::string_view text, size_t pos, std::string& error)
      : s_(text), i_(pos), error_(error) {}

  std::unique_ptr<Expr> expression() { return binary_level(0); }
  size_t pos() const { return i_; }

 private:
  // Levels: 0 '||', 1 '&&', 2 '+ -', 3 '* /'.
  std::unique_ptr<Expr> binary_level(int level) {
    if (level == 4) return unary();
    auto lhs = binary_level(level + 1);
    while (lhs) {
      skip_space();
      Expr::Kind kind;
      size_t width = 1;
      if (level == 0 && peek("||"))
        kind = Expr::Kind::kOr, width = 2;
      else if (level == 1 && peek("&&"))
        kind = Expr::Kind::kAnd, width = 2;
      else if (level == 2 && peek("+"))
        kind = Expr::Kind::kAdd;
      else if (level == 2 && peek("-"))
        kind = Expr::Kind::kSub;
      else if (level == 3 && peek("*") && !peek("**"))
        kind = Expr::Kind::kMul;
      else if (level == 3 && peek("/"))
        kind = Expr::Kind::kDiv;
      else
        break;
      if (peek("+=") || peek("-=") || peek("*=") || peek("/=") || peek("||=") || peek("&&="))
        return fail("assignment is not supported");
      i_ += width;
      auto rhs = binary_level(level + 1);
      if (!rhs) return nullptr;
      auto node = std::make_unique<Expr>();
      node->kind = kind;
      node->lhs = std::move(lhs);
      node->rhs = std::move(rhs);
      lhs = std::move(node);
    }
    return lhs;
  }

  std::unique_ptr<Expr> unary() {
    skip_space();
    if (peek("-")) {
      ++i_;
      skip_space();
      // A negative number literal stays a literal (and -9223372036854775808 fits).
      if (i_ < s_.size() && is_digit(s_[i_])) return postfix(number(true));
      auto operand = unary();
      if (!operand) return nullptr;
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::kNeg;
      node->lhs = std::move(operand);
      return node;
    }
    if (peek("!")) return fail("`!` is not supported");
    return postfix(primary());
  }

  std::unique_ptr<Expr> primary() {
    skip_space();
    if (i_ >= s_.size()) return fail("the expression ends too early");
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      auto inner = expression();
      if (!inner) return nullptr;
      skip_space();
      if (!peek(")")) return fail("`)` expected");
      ++i_;
      return inner;
    }
    if (c == '"' || c == '\'') {
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::kLiteral;
      if (!string_literal(node->literal.s)) return nullptr;
      return node;
    }
    if (is_digit(c)) return number(false);
    if (!is_ident_start(c)) return fail(std::string("unexpected `") + c + "`");
    const std::string_view word = identifier();
    for (const auto& v : kVars) {
      if (word == v.name) {
        auto node = std::make_unique<Expr>();
        node->kind = Expr::Kind::kVar;
        node->var = v.var;
        return node;
      }
    }
    if (word == "nil" || word == "true" || word == "false") {
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::kLiteral;
      node->is_constant = true;
      if (word != "nil") node->constant = Value::of_bool(word == "true");
      return node;
    }
    return fail("`" + std::string(word) +
                "` is not a supported name (record, tag, time, hostname, tag_parts, "
                "tag_prefix, tag_suffix, nil, true, false)");
  }

  std::unique_ptr<Expr> postfix(std::unique_ptr<Expr> target) {
    while (target) {
      const size_t before = i_;
      skip_space();
      if (peek("[")) {
        ++i_;
        auto node = std::make_unique<Expr>();
        node->kind = Expr::Kind::kCall;
        node->method = Method::kIndex;
        node->name = "[]";
        Arg arg;
        if (!literal_arg(arg, true)) return nullptr;
        skip_space();
        if (!peek("]")) return fail("`]` expected (only one literal key or index)");
        ++i_;
        node->args.push_back(std::move(arg));
        node->lhs = std::move(target);
        target = std::move(node);
      } else if (peek(".") && !peek("..")) {
        ++i_;
        skip_space();
        target = method_call(std::move(target));
      } else if (peek("&.")) {
        return fail("safe navigation `&.` is not supported");
      } else {
        i_ = before;
        break;
      }
    }
    return target;
  }

  std::unique_ptr<Expr> method_call(std::unique_ptr<Expr> receiver) {
    if (i_ >= s_.size() || !is_ident_start(s_[i_]))
      return fail("a method name is expected after `.`");
    std::string name(identifier());
    if (i_ < s_.size() && (s_[i_] == '?' || s_[i_] == '!')) name += s_[i_++];
    const MethodSpec* spec = nullptr;
    for (const auto& m : kMethods)
      if (m.name == name) spec = &m;
    if (!spec) return fail("method `" + name + "` is not supported");
    auto node = std::make_unique<Expr>();
    node->kind = Expr::Kind::kCall;
    node->method = spec->method;
    node->name = name;
    node->lhs = std::move(receiver);
    if (peek("(")) {
      ++i_;
      skip_space();
      while (!peek(")")) {
        Arg arg;
        if (!literal_arg(arg, spec->any_args || spec->int_args)) return nullptr;
        if (!spec->any_args && arg.is_int != spec->int_args)
          return fail("`" + name + "` takes " + (spec->int_args ? "an integer" : "a string") +
                      " literal");
        node->args.push_back(std::move(arg));
        skip_space();
        if (peek(",")) {
          ++i_;
          skip_space();
        } else if (!peek(")")) {
          return fail("`,` or `)` expected in the arguments of `" + name + "`");
        }
      }
      ++i_;
    }
    const int n = int(node->args.size());
    if (n < spec->min_args || n > spec->max_args)
      return fail("`" + name + "` takes " + std::to_string(spec->min_args) +
                  (spec->max_args != spec->min_args ? " to " + std::to_string(spec->max_args)
                                                    : std::string()) +
                  " literal argument(s)");
    if (spec->method == Method::kStrftime) node->format.emplace(node->args[0].s);
    return node;
  }

  // A string literal, or an integer literal when allowed.
  bool literal_arg(Arg& arg, bool allow_int) {
    skip_space();
    if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) return string_literal(arg.s);
    const bool negative = peek("-");
    if (allow_int && (negative || (i_ < s_.size() && is_digit(s_[i_])))) {
      auto num = number(negative ? (++i_, true) : false);
      if (!num) return false;
      if (num->is_constant) return fail("an integer literal is expected"), false;
      arg = num->literal;
      return true;
    }
    fail(allow_int ? "a string or integer literal is expected" : "a string literal is expected");
    return false;
  }

  bool string_literal(std::string& out) {
    const char quote = s_[i_++];
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\') {
        if (quote == '\'') {
          // Single quotes: only \\ and \' are escapes.
          if (i_ + 1 < s_.size() && (s_[i_ + 1] == '\\' || s_[i_ + 1] == '\'')) ++i_;
          out += s_[i_++];
        } else if (!ruby_escape(s_, i_, out, error_)) {
          return false;
        }
        continue;
      }
      if (quote == '"' && s_[i_] == '#' && i_ + 1 < s_.size() &&
          (s_[i_ + 1] == '{' || s_[i_ + 1] == '@' || s_[i_ + 1] == '$')) {
        fail("interpolation inside a string literal is not supported");
        return false;
      }
      out += s_[i_++];
    }
    if (i_ >= s_.size()) {
      fail("unterminated string literal");
      return false;
    }
    ++i_;
    return true;
  }

  std::unique_ptr<Expr> number(bool negative) {
    std::string digits = negative ? "-" : "";
    auto take = [&] {
      while (i_ < s_.size() &&
             (is_digit(s_[i_]) || (s_[i_] == '_' && i_ + 1 < s_.size() && is_digit(s_[i_ + 1])))) {
        if (s_[i_] != '_') digits += s_[i_];
        ++i_;
      }
    };
    take();
    auto node = std::make_unique<Expr>();
    node->kind = Expr::Kind::kLiteral;
    if (i_ + 1 < s_.size() && s_[i_] == '.' && is_digit(s_[i_ + 1])) {
      digits += s_[i_++];
      take();
      if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
        digits += s_[i_++];
        if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) digits += s_[i_++];
        take();
      }
      node->is_constant = true;
      node->constant = Value::of_float(std::strtod(digits.c_str(), nullptr));
      return node;
    }
    node->literal.is_int = true;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), node->literal.i);
    if (r.ec != std::errc()) return fail("integer literal " + digits + " does not fit 64 bits");
    return node;
  }

  std::string_view identifier() {
    const size_t begin = i_;
    while (i_ < s_.size() && is_ident(s_[i_])) ++i_;
    return s_.substr(begin, i_ - begin);
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool peek(std::string_view tok) const { return s_.substr(i_, tok.size()) == tok; }

  std::nullptr_t fail(const std::string& why) {
    if (error_.empty()) error_ = why;
    return nullptr;
  }

  std::string_view s_;
  size_t i_;
  std::string& error_;
};

}  // namespace

std::unique_ptr<Expr> parse_ruby_expression(std::string_view text, size_t& pos,
                                            std::string& error) {
  Parser p(text, pos, error);
  auto e = p.expression();
  if (!e) return nullptr;
  pos = p.pos();
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return e;
}

bool ruby_escape(std::string_view s, size_t& i, std::string& out, std::string& error) {
  if (i + 1 >= s.size()) {
    error = "a backslash ends the text";
    return false;
  }
  const char c = s[i + 1];
  i += 2;
  switch (c) {
    case 'n':
      out += '\n';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 's':
      out += ' ';
      return true;
    case 'a':
      out += '\a';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'e':
      out += '\x1b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'v':
      out += '\v';
      return true;
    case '\n':
      return true;  // line continuation
    case 'x': {
      int v = 0, n = 0;
      while (n < 2 && i < s.size() && hex_value(s[i]) >= 0) v = v * 16 + hex_value(s[i++]), ++n;
      if (n == 0) {
        error = "invalid hex escape";
        return false;
      }
      out += char(v);
      return true;
    }
    case 'u': {
      uint32_t cp = 0;
      if (i < s.size() && s[i] == '{') {
        size_t j = i + 1;
        int n = 0;
        while (j < s.size() && hex_value(s[j]) >= 0 && n < 6) cp = cp * 16 + hex_value(s[j++]), ++n;
        if (n == 0 || j >= s.size() || s[j] != '}') {
          error = "only one code point per \\u{...} escape is supported";
          return false;
        }
        i = j + 1;
      } else {
        for (int n = 0; n < 4; ++n) {
          if (i >= s.size() || hex_value(s[i]) < 0) {
            error = "invalid Unicode escape";
            return false;
          }
          cp = cp * 16 + hex_value(s[i++]);
        }
      }
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        error = "invalid Unicode code point";
        return false;
      }
      text::append_utf8(out, cp);
      return true;
    }
    case 'c':
    case 'C':
    case 'M':
      error = "control and meta escapes (\\c, \\C-, \\M-) are not supported";
      return false;
    default:
      if (c >= '0' && c <= '7') {
        int v = c - '0', n = 1;
        while (n < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') v = v * 8 + (s[i++] - '0'), ++n;
        out += char(v & 0xff);
        return true;
      }
      out += c;  // \\ \" \' \# \$ \[ \] and any other character stand for themselves
      return true;
  }
}

std::string_view supported_ruby_summary() {
  return "Ferry evaluates enable_ruby expressions without Ruby; it supports the names record, "
         "tag, time, hostname, tag_parts, tag_prefix, tag_suffix, nil, true, false, string and "
         "number literals, [\"key\"] and [index], the methods dig, to_i, to_f, to_s, to_json, "
         "inspect, upcase, downcase, strip, length, size, first, last, join, strftime, iso8601, "
         "utc, localtime, nil?, empty?, and the operators || && + - * /";
}

}  // namespace ferry::record_transformer
