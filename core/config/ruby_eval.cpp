// A tiny evaluator for the embedded-Ruby expressions found in real Fluentd
// configs. It parses and evaluates in one pass; `||` evaluates its right side
// only when needed, exactly like Ruby, so `ENV['X'] || use_nil` and
// `ENV.fetch('X', ENV.fetch('Y'))` behave as in Fluentd.
#include "config/ruby_eval.hpp"

#include <unistd.h>

#include <cctype>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "text/ruby_inspect.hpp"

namespace ferry::config {
namespace {

constexpr const char* kSupportedForms =
    "Socket.gethostname, hostname, worker_id, ENV['X'], ENV[\"X\"], ENV.fetch('X'), "
    "ENV.fetch('X', 'default'), ENV['X'] || 'default', .to_i, .to_s, .split('.')[N], "
    "File.basename('...'), Dir.pwd, 'string' and integer literals, use_nil, use_default";

// A Ruby value as far as these expressions need one. Integers are kept as
// canonical decimal text so huge values print exactly as Ruby's Bignum.
struct Value {
  enum class Kind { Nil, Str, Int, Array } kind = Kind::Nil;
  std::string text;                // Str, Int
  std::vector<std::string> items;  // Array of strings (from split)
};

// Raised (as a return state) by use_nil / use_default, which in Fluentd
// abort the evaluation with an exception.
enum class Signal { None, Nil, Default };

// Ruby's String#to_i: optional leading whitespace and sign, digits with
// single underscores between them; anything else ends the number.
std::string ruby_to_i(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  while (i < s.size()) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits += s[i++];
    } else if (s[i] == '_' && !digits.empty() && i + 1 < s.size() &&
               std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) return "0";
  return (negative ? "-" : "") + digits.substr(nz);
}

// Ruby's String#split(sep) for a string separator: " " splits on runs of
// whitespace ignoring leading ones; trailing empty fields are removed.
std::vector<std::string> ruby_split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  if (sep == " ") {
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      size_t start = i;
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i > start) out.emplace_back(s.substr(start, i - start));
    }
    return out;
  }
  if (sep.empty()) {
    for (char c : s) out.emplace_back(1, c);
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, at - start));
    start = at + sep.size();
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// Ruby's File.basename(path[, suffix]) on POSIX.
std::string ruby_basename(std::string_view path, std::optional<std::string_view> suffix) {
  if (path.empty()) return "";
  size_t end = path.find_last_not_of('/');
  if (end == std::string_view::npos) return "/";
  std::string_view trimmed = path.substr(0, end + 1);
  size_t slash = trimmed.rfind('/');
  std::string base(slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1));
  if (suffix) {
    if (*suffix == ".*") {
      size_t dot = base.rfind('.');
      if (dot != std::string::npos && dot != 0) base.resize(dot);
    } else if (!suffix->empty() && base.size() > suffix->size() &&
               base.compare(base.size() - suffix->size(), suffix->size(), *suffix) == 0) {
      base.resize(base.size() - suffix->size());
    }
  }
  return base;
}

std::string local_hostname(const LoadOptions& opts) {
  if (!opts.hostname.empty()) return opts.hostname;
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::optional<std::string> lookup_env(const std::string& name, const LoadOptions& opts) {
  if (auto it = opts.env.find(name); it != opts.env.end()) return it->second;
  if (opts.use_process_env) {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
  }
  return std::nullopt;
}

// Ruby's Array#inspect / String#inspect, used when an Array is interpolated.
std::string inspect_array(const std::vector<std::string>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) s += ", ";
    s += text::ruby_string_inspect(items[i]);
  }
  return s + "]";
}

class Evaluator {
 public:
  Evaluator(std::string_view src, const LoadOptions& opts) : src_(src), opts_(opts) {}

  std::optional<RubyValue> run(std::string& error) {
    skip_ws();
    Value v;
    if (!at_end()) {
      v = parse_or(true);
      skip_ws();
      if (!failed() && !at_end()) unsupported();
    }
    if (failed()) {
      error = error_;
      return std::nullopt;
    }
    if (signal_ == Signal::Nil) return RubyValue{RubyValue::Kind::Nil, ""};
    if (signal_ == Signal::Default) return RubyValue{RubyValue::Kind::UseDefault, ""};
    return RubyValue{RubyValue::Kind::String, to_interpolated(v)};
  }

 private:
  bool failed() const { return !error_.empty(); }
  bool at_end() const { return pos_ >= src_.size(); }
  // Once use_nil/use_default fired or an error occurred, the rest is only
  // parsed (Ruby would have unwound), never evaluated.
  bool live(bool eval) const { return eval && signal_ == Signal::None && !failed(); }

  void skip_ws() {
    while (pos_ < src_.size() && std::isspace(static_cast<unsigned char>(src_[pos_]))) ++pos_;
  }

  bool eat(std::string_view tok) {
    skip_ws();
    if (src_.substr(pos_, tok.size()) != tok) return false;
    pos_ += tok.size();
    return true;
  }

  void expect(std::string_view tok) {
    if (!failed() && !eat(tok)) unsupported();
  }

  std::string identifier() {
    skip_ws();
    size_t start = pos_;
    while (pos_ < src_.size() &&
           (std::isalnum(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_'))
      ++pos_;
    // Ruby method names may end in ? or !; none we support do, but reading
    // them keeps `ENV.key?(...)` from looking like `ENV.key`.
    if (pos_ > start && pos_ < src_.size() && (src_[pos_] == '?' || src_[pos_] == '!')) ++pos_;
    return std::string(src_.substr(start, pos_ - start));
  }

  // Records "not supported" (the first error wins) and returns nil so
  // callers can `return unsupported();`.
  Value unsupported() {
    if (failed()) return {};
    error_ = "embedded Ruby `" + std::string(src_) +
             "` is not supported by Ferry; supported forms: " + kSupportedForms;
    return {};
  }

  void runtime_error(const std::string& what) {
    if (failed()) return;
    error_ = "embedded Ruby `" + std::string(src_) + "` failed: " + what;
  }

  static std::string to_interpolated(const Value& v) {
    switch (v.kind) {
      case Value::Kind::Nil:
        return "";
      case Value::Kind::Array:
        return inspect_array(v.items);
      default:
        return v.text;
    }
  }

  static Value str(std::string s) { return Value{Value::Kind::Str, std::move(s), {}}; }

  // expr := postfix ('||' postfix)*
  Value parse_or(bool eval) {
    Value left = parse_postfix(eval);
    while (!failed() && eat("||")) {
      bool need_right = live(eval) && left.kind == Value::Kind::Nil;
      Value right = parse_postfix(need_right);
      if (need_right) left = std::move(right);
    }
    return left;
  }

  // postfix := primary ('.to_i' | '.to_s' | '.split(str)' | '[int]')*
  Value parse_postfix(bool eval) {
    Value v = parse_primary(eval);
    while (!failed()) {
      skip_ws();
      if (eat("[")) {
        std::optional<long long> index = integer_literal();
        if (!index) return unsupported();
        expect("]");
        if (!live(eval)) continue;
        if (v.kind != Value::Kind::Array) {
          unsupported();
          break;
        }
        long long n = static_cast<long long>(v.items.size());
        long long i = *index < 0 ? *index + n : *index;
        v = (i >= 0 && i < n) ? str(v.items[i]) : Value{};
      } else if (eat(".")) {
        std::string method = identifier();
        if (method == "to_i") {
          eat_empty_parens();
          if (!live(eval)) continue;
          if (v.kind == Value::Kind::Array) {
            runtime_error("undefined method 'to_i' for an instance of Array (NoMethodError)");
          } else if (v.kind == Value::Kind::Nil) {
            v = Value{Value::Kind::Int, "0", {}};
          } else {
            v = Value{Value::Kind::Int, ruby_to_i(v.text), {}};
          }
        } else if (method == "to_s") {
          eat_empty_parens();
          if (live(eval)) v = str(to_interpolated(v));
        } else if (method == "split") {
          expect("(");
          Value sep = parse_or(eval);
          expect(")");
          if (!live(eval)) continue;
          if (v.kind != Value::Kind::Str || sep.kind != Value::Kind::Str) {
            runtime_error(v.kind == Value::Kind::Nil
                              ? "undefined method 'split' for nil (NoMethodError)"
                              : "split needs a String receiver and separator");
            break;
          }
          v = Value{Value::Kind::Array, {}, ruby_split(v.text, sep.text)};
        } else {
          unsupported();
        }
      } else {
        break;
      }
    }
    return v;
  }

  void eat_empty_parens() {
    if (eat("(")) expect(")");
  }

  std::optional<long long> integer_literal() {
    skip_ws();
    size_t start = pos_;
    if (pos_ < src_.size() && (src_[pos_] == '-' || src_[pos_] == '+')) ++pos_;
    size_t digits = pos_;
    while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) ++pos_;
    if (pos_ == digits || pos_ - digits > 18) {
      pos_ = start;
      return std::nullopt;
    }
    return std::stoll(std::string(src_.substr(start, pos_ - start)));
  }

  // A Ruby string literal starting at pos_ ('...' or "..."), or nullopt.
  std::optional<std::string> string_literal(bool eval) {
    skip_ws();
    if (at_end() || (src_[pos_] != '\'' && src_[pos_] != '"')) return std::nullopt;
    char quote = src_[pos_++];
    std::string out;
    while (pos_ < src_.size() && src_[pos_] != quote) {
      char c = src_[pos_++];
      if (c == '\\' && pos_ < src_.size()) {
        char e = src_[pos_++];
        if (quote == '\'') {
          if (e != '\'' && e != '\\') out += '\\';
          out += e;
          continue;
        }
        out += ruby_double_quoted_escape(e);
      } else if (quote == '"' && c == '#' && pos_ < src_.size() && src_[pos_] == '{') {
        std::string_view rest = src_.substr(pos_ + 1);
        size_t end = find_embedded_code_end(rest);
        if (end == std::string_view::npos) {
          unsupported();
          return std::nullopt;
        }
        Evaluator inner(rest.substr(0, end), opts_);
        std::string inner_error;
        if (eval) {
          auto v = inner.run(inner_error);
          if (!v) {
            error_ = inner_error;
          } else if (v->kind == RubyValue::Kind::Nil) {
            signal_ = Signal::Nil;
          } else if (v->kind == RubyValue::Kind::UseDefault && signal_ == Signal::None) {
            signal_ = Signal::Default;
          } else {
            out += v->text;
          }
        }
        pos_ += 1 + end + 1;
      } else {
        out += c;
      }
    }
    if (pos_ >= src_.size()) {
      unsupported();
      return std::nullopt;
    }
    ++pos_;  // closing quote
    return out;
  }

  // ( args ) for ENV.fetch and File.basename: one or two expressions.
  std::vector<Value> call_args(bool eval, size_t max_args) {
    std::vector<Value> args;
    expect("(");
    if (failed()) return args;
    if (eat(")")) return args;
    do {
      args.push_back(parse_or(eval));
    } while (!failed() && args.size() < max_args && eat(","));
    expect(")");
    return args;
  }

  Value parse_primary(bool eval) {
    skip_ws();
    if (at_end()) return unsupported();
    if (eat("(")) {
      Value v = parse_or(eval);
      expect(")");
      return v;
    }
    if (auto s = string_literal(eval)) return str(std::move(*s));
    if (failed()) return {};
    if (auto n = integer_literal()) return Value{Value::Kind::Int, std::to_string(*n), {}};

    std::string name = identifier();
    if (name == "nil") return {};
    if (name == "hostname") return live(eval) ? str(local_hostname(opts_)) : Value{};
    if (name == "worker_id") return str(opts_.worker_id);
    if (name == "use_nil" || name == "use_default") {
      if (live(eval)) signal_ = name == "use_nil" ? Signal::Nil : Signal::Default;
      return {};
    }
    if (name == "Socket") {
      expect(".");
      if (identifier() != "gethostname") return unsupported();
      eat_empty_parens();
      return live(eval) ? str(local_hostname(opts_)) : Value{};
    }
    if (name == "Dir") {
      expect(".");
      if (identifier() != "pwd") return unsupported();
      eat_empty_parens();
      if (!live(eval)) return {};
      std::error_code ec;
      auto cwd = std::filesystem::current_path(ec);
      if (ec) runtime_error("Dir.pwd: " + ec.message());
      return str(cwd.string());
    }
    if (name == "File") {
      expect(".");
      if (identifier() != "basename") return unsupported();
      std::vector<Value> args = call_args(eval, 2);
      if (failed()) return {};
      if (args.empty()) return unsupported();
      if (!live(eval)) return {};
      for (const Value& a : args) {
        if (a.kind != Value::Kind::Str) {
          runtime_error("File.basename: no implicit conversion into String (TypeError)");
          return {};
        }
      }
      std::optional<std::string_view> suffix;
      if (args.size() == 2) suffix = args[1].text;
      return str(ruby_basename(args[0].text, suffix));
    }
    if (name == "ENV") return parse_env(eval);
    return unsupported();
  }

  // ENV['X'], ENV["X"], ENV.fetch('X'[, default]).
  Value parse_env(bool eval) {
    skip_ws();
    if (eat("[")) {
      Value key = parse_or(eval);
      expect("]");
      if (!live(eval)) return {};
      if (key.kind != Value::Kind::Str) {
        runtime_error("ENV[] needs a String key (TypeError)");
        return {};
      }
      auto v = lookup_env(key.text, opts_);
      return v ? str(*v) : Value{};
    }
    expect(".");
    if (failed() || identifier() != "fetch") return unsupported();
    std::vector<Value> args = call_args(eval, 2);
    if (failed()) return {};
    if (args.empty()) return unsupported();
    if (!live(eval)) return {};
    if (args[0].kind != Value::Kind::Str) {
      runtime_error("ENV.fetch needs a String key (TypeError)");
      return {};
    }
    if (auto v = lookup_env(args[0].text, opts_)) return str(*v);
    if (args.size() == 2) return args[1];
    runtime_error("key not found: " + text::ruby_string_inspect(args[0].text) + " (KeyError)");
    return {};
  }

  std::string_view src_;
  const LoadOptions& opts_;
  size_t pos_ = 0;
  Signal signal_ = Signal::None;
  std::string error_;
};

}  // namespace

std::optional<RubyValue> eval_embedded_ruby(std::string_view expr, const LoadOptions& opts,
                                            std::string& error) {
  return Evaluator(expr, opts).run(error);
}

char ruby_double_quoted_escape(char e) {
  switch (e) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    case 's':
      return ' ';
    case 'e':
      return '\x1b';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    default:
      return e;
  }
}

size_t find_embedded_code_end(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      // Skip a Ruby string literal; double-quoted ones may nest "#{...}".
      for (++i; i < text.size() && text[i] != c; ++i) {
        if (text[i] == '\\') {
          ++i;
        } else if (c == '"' && text[i] == '#' && i + 1 < text.size() && text[i + 1] == '{') {
          size_t end = find_embedded_code_end(text.substr(i + 2));
          if (end == std::string_view::npos) return end;
          i += 2 + end;
        }
      }
      if (i >= text.size()) return std::string_view::npos;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

std::optional<RubyValue> interpolate(std::string_view text, const LoadOptions& opts,
                                     std::string& error) {
  RubyValue result;
  bool nil = false;
  bool use_default = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && text.substr(i + 1, 2) == "#{") {
      result.text += "#{";
      i += 2;
      continue;
    }
    if (c != '#' || i + 1 >= text.size() || text[i + 1] != '{') {
      result.text += c;
      continue;
    }
    std::string_view body = text.substr(i + 2);
    size_t end = find_embedded_code_end(body);
    if (end == std::string_view::npos) {
      error = "embedded Ruby `" + std::string(body) + "` is not closed with '}'";
      return std::nullopt;
    }
    auto v = eval_embedded_ruby(body.substr(0, end), opts, error);
    if (!v) return std::nullopt;
    nil |= v->kind == RubyValue::Kind::Nil;
    use_default |= v->kind == RubyValue::Kind::UseDefault;
    result.text += v->text;
    i += 2 + end;
  }
  if (nil) return RubyValue{RubyValue::Kind::Nil, ""};
  if (use_default) return RubyValue{RubyValue::Kind::UseDefault, ""};
  return result;
}

}  // namespace ferry::config
