#include "config/json_reader.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "config/ruby_eval.hpp"
#include "text/ruby_float.hpp"
#include "text/utf8.hpp"

namespace ferry::config::json {
namespace {

struct Incomplete {};
struct Invalid {
  size_t at;
  std::string message;
};

// Deep nesting in a config value is a mistake, not data; the limit keeps a
// hostile value from exhausting the stack.
constexpr int kMaxDepth = 512;

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Recursive descent; Incomplete and Invalid are thrown so that every level
// can simply return values.
class Reader {
 public:
  Reader(std::string_view text, size_t pos, const ReadOptions& opts)
      : text_(text), pos_(pos), opts_(opts) {}

  // `after_separator`: right after '[', ':' or ',', where "#{" is a value.
  Value value(int depth, bool after_separator) {
    if (depth > kMaxDepth) throw Invalid{pos_, "JSON nested too deeply"};
    skip_blank(after_separator);
    char c = peek();
    switch (c) {
      case '[':
        return array(depth);
      case '{':
        return object(depth);
      case '"':
        return Value::string(string());
      case 't':
        return keyword("true", Value::boolean(true));
      case 'f':
        return keyword("false", Value::boolean(false));
      case 'n':
        return keyword("null", Value{});
      default:
        if (c == '#' && embedded_at(pos_)) return embedded_value(depth);
        if (c == '-' || is_digit(c)) return number();
        throw Invalid{pos_, unexpected("a JSON value")};
    }
  }

  // Only blanks may follow (a whole document, an embedded result).
  void expect_end() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ < text_.size()) throw Invalid{pos_, unexpected("the end of the value")};
  }

  size_t pos() const { return pos_; }

 private:
  // Throws Incomplete at the end of the text: more lines might complete it.
  char peek() {
    if (pos_ >= text_.size()) throw Incomplete{};
    return text_[pos_];
  }

  // Optional lookahead: '\0' at the end of the text.
  char look() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  bool embedded_at(size_t at) const { return opts_.eval && text_.substr(at, 2) == "#{"; }

  std::string unexpected(const char* wanted) const {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    std::string shown = c == '\n'  ? "end of line"
                        : c < 0x20 ? "a control character"
                                   : std::string("'") + text_[pos_] + "'";
    return std::string("expected ") + wanted + " but got " + shown;
  }

  // Whitespace and, with `comments`, comments between tokens. `#{` right
  // where a value is expected is embedded code, not a comment.
  void skip_blank(bool value_position) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (!opts_.comments) {
        return;
      } else if (c == '#') {
        if (value_position && embedded_at(pos_)) return;
        skip_line();
      } else if (text_.substr(pos_, 2) == "//") {
        skip_line();
      } else if (text_.substr(pos_, 2) == "/*") {
        size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) throw Incomplete{};
        pos_ = end + 2;
      } else {
        return;
      }
    }
  }

  void skip_line() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  Value keyword(std::string_view word, Value v) {
    for (char w : word) {
      if (peek() != w) throw Invalid{pos_, unexpected("a JSON value")};
      ++pos_;
    }
    return v;
  }

  Value array(int depth) {
    ++pos_;  // '['
    Value arr;
    arr.kind = Value::Kind::Array;
    skip_blank(true);
    if (peek() == ']') {
      ++pos_;
      return arr;
    }
    while (true) {
      arr.items.push_back(value(depth + 1, true));
      skip_blank(false);
      char c = peek();
      if (c == ']') {
        ++pos_;
        return arr;
      }
      if (c != ',') throw Invalid{pos_, unexpected("',' or ']'")};
      ++pos_;
    }
  }

  Value object(int depth) {
    ++pos_;  // '{'
    Value obj;
    obj.kind = Value::Kind::Object;
    skip_blank(false);
    if (peek() == '}') {
      ++pos_;
      return obj;
    }
    while (true) {
      skip_blank(false);
      if (peek() != '"') throw Invalid{pos_, unexpected("a string key")};
      std::string key = string();
      skip_blank(false);
      if (peek() != ':') throw Invalid{pos_, unexpected("':'")};
      ++pos_;
      Value v = value(depth + 1, true);
      put_member(obj, std::move(key), std::move(v));
      skip_blank(false);
      char c = peek();
      if (c == '}') {
        ++pos_;
        return obj;
      }
      if (c != ',') throw Invalid{pos_, unexpected("',' or '}'")};
      ++pos_;
    }
  }

  // Ruby Hash#[]=: a repeated key keeps its place and takes the new value.
  static void put_member(Value& obj, std::string key, Value v) {
    for (auto& m : obj.members) {
      if (m.first == key) {
        m.second = std::move(v);
        return;
      }
    }
    obj.members.emplace_back(std::move(key), std::move(v));
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = peek();
      if (!std::isxdigit(static_cast<unsigned char>(c)))
        throw Invalid{pos_, "expected 4 hex digits after \\u"};
      v = v * 16 + (is_digit(c) ? c - '0' : (std::tolower(c) - 'a' + 10));
      ++pos_;
    }
    return v;
  }

  // \uXXXX, joining a UTF-16 surrogate pair into one character.
  unsigned unicode_escape() {
    unsigned cp = hex4();
    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
      size_t save = pos_;
      pos_ += 2;
      unsigned low = hex4();
      if (low >= 0xDC00 && low < 0xE000) return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      pos_ = save;
    }
    return cp;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      char c = peek();
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        throw Invalid{pos_, "line break or control character inside a JSON string"};
      if (c == '\\') {
        ++pos_;
        escape(out);
        continue;
      }
      if (c == '#' && embedded_at(pos_)) {
        size_t end = find_embedded_code_end(text_.substr(pos_ + 2));
        // Fluentd requires a non-empty body; "#{}" stays literal text.
        if (end != std::string_view::npos && end > 0) {
          out += (*opts_.eval)(text_.substr(pos_ + 2, end), pos_);
          pos_ += 2 + end + 1;
          continue;
        }
      }
      out += c;
      ++pos_;
    }
  }

  // The escape after a backslash in a string.
  void escape(std::string& out) {
    char e = peek();
    ++pos_;
    switch (e) {
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        text::append_utf8(out, unicode_escape());
        return;
      case '"':
      case '\\':
      case '/':
        out += e;
        return;
      default:
        if (static_cast<unsigned char>(e) < 0x20)
          throw Invalid{pos_ - 1, "control character after '\\' in a JSON string"};
        if (!opts_.lenient_escapes)
          throw Invalid{pos_ - 1, std::string("invalid escape '\\") + e + "' in a JSON string"};
        out += e;
    }
  }

  Value number() {
    size_t start = pos_;
    bool is_float = false;
    if (peek() == '-') ++pos_;
    if (!is_digit(peek())) throw Invalid{pos_, unexpected("a digit")};
    if (peek() == '0') {
      ++pos_;
      if (is_digit(look())) throw Invalid{pos_, "leading zeros are not allowed in JSON numbers"};
    } else {
      while (is_digit(look())) ++pos_;
    }
    if (look() == '.') {
      is_float = true;
      ++pos_;
      if (!is_digit(peek())) throw Invalid{pos_, unexpected("a digit after '.'")};
      while (is_digit(look())) ++pos_;
    }
    if (look() == 'e' || look() == 'E') {
      is_float = true;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) throw Invalid{pos_, unexpected("a digit in the exponent")};
      while (is_digit(look())) ++pos_;
    }
    std::string token(text_.substr(start, pos_ - start));
    if (!opts_.ruby_numbers) return Value::number(std::move(token));
    if (!is_float) return Value::number(token == "-0" ? "0" : token);  // Ruby Integer: -0 is 0
    double d = std::strtod(token.c_str(), nullptr);
    if (std::isinf(d)) throw Invalid{start, "number " + token + " is out of range"};
    return Value::number(text::ruby_float_to_s(d));
  }

  // "#{...}" where a value is expected: its result is read as JSON.
  Value embedded_value(int depth) {
    size_t at = pos_;
    size_t end = find_embedded_code_end(text_.substr(pos_ + 2));
    if (end == std::string_view::npos) throw Incomplete{};
    std::string result = (*opts_.eval)(text_.substr(pos_ + 2, end), at);
    pos_ += 2 + end + 1;
    ReadOptions inner_opts = opts_;
    inner_opts.eval = nullptr;  // the result is data, not more code
    Reader inner(result, 0, inner_opts);
    try {
      Value v = inner.value(depth, false);
      inner.expect_end();
      return v;
    } catch (const Incomplete&) {
    } catch (const Invalid&) {
    }
    throw Invalid{at, "embedded Ruby result `" + result + "` is not a JSON value"};
  }

  std::string_view text_;
  size_t pos_;
  const ReadOptions& opts_;
};

}  // namespace

ReadResult read_value(std::string_view text, size_t start, const ReadOptions& opts) {
  ReadResult out;
  Reader reader(text, start, opts);
  try {
    out.value = reader.value(0, false);
    out.end = reader.pos();
  } catch (const Incomplete&) {
    out.status = ReadResult::Status::Incomplete;
    out.end = text.size();
  } catch (const Invalid& e) {
    out.status = ReadResult::Status::Invalid;
    out.end = e.at;
    out.message = e.message;
  }
  return out;
}

std::optional<Value> parse(std::string_view text, std::string& error) {
  static const ReadOptions kStrict;
  Reader reader(text, 0, kStrict);
  try {
    Value v = reader.value(0, false);
    reader.expect_end();
    return v;
  } catch (const Incomplete&) {
    error = "unexpected end of JSON at offset " + std::to_string(text.size());
  } catch (const Invalid& e) {
    error = e.message + " at offset " + std::to_string(e.at);
  }
  return std::nullopt;
}

}  // namespace ferry::config::json
