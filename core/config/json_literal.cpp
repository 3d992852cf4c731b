#include "config/json_literal.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include "config/ruby_eval.hpp"
#include "config/ruby_float_format.hpp"

namespace ferry::config {
namespace {

// A parsed JSON value, kept only long enough to re-serialise it (objects
// need a tree: a duplicate key replaces the earlier value in place).
struct Json {
  enum class Kind { Null, True, False, Number, String, Array, Object } kind = Kind::Null;
  std::string text;  // Number: serialised form; String: decoded UTF-8
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

struct Incomplete {};
struct Invalid {
  size_t at;
  std::string message;
};

constexpr int kMaxDepth = 512;

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Ruby's JSON.generate string escaping: quote, backslash and control
// characters; '/' and non-ASCII are written as they are.
void write_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void write_json(std::string& out, const Json& v) {
  switch (v.kind) {
    case Json::Kind::Null:
      out += "null";
      break;
    case Json::Kind::True:
      out += "true";
      break;
    case Json::Kind::False:
      out += "false";
      break;
    case Json::Kind::Number:
      out += v.text;
      break;
    case Json::Kind::String:
      write_string(out, v.text);
      break;
    case Json::Kind::Array:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        write_json(out, v.items[i]);
      }
      out += ']';
      break;
    case Json::Kind::Object:
      out += '{';
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        write_string(out, v.members[i].first);
        out += ':';
        write_json(out, v.members[i].second);
      }
      out += '}';
      break;
  }
}

class Reader {
 public:
  Reader(std::string_view text, size_t pos, const JsonEmbeddedEval* eval)
      : text_(text), pos_(pos), eval_(eval) {}

  Json value(int depth, bool after_separator) {
    if (depth > kMaxDepth) throw Invalid{pos_, "JSON nested too deeply"};
    skip_blank(after_separator);
    char c = peek();
    switch (c) {
      case '[':
        return array(depth);
      case '{':
        return object(depth);
      case '"':
        return Json{Json::Kind::String, string(), {}, {}};
      case 't':
        return keyword("true", Json::Kind::True);
      case 'f':
        return keyword("false", Json::Kind::False);
      case 'n':
        return keyword("null", Json::Kind::Null);
      case '#':
        return embedded_value(depth);
      default:
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
        throw Invalid{pos_, unexpected("a JSON value")};
    }
  }

  // Everything after the value must be blank (used for embedded results).
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

  std::string unexpected(const char* wanted) const {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    std::string shown = c == '\n'  ? "end of line"
                        : c < 0x20 ? "a control character"
                                   : std::string("'") + text_[pos_] + "'";
    return std::string("expected ") + wanted + " but got " + shown;
  }

  // Whitespace and comments between tokens. `#{` right where a value is
  // expected is embedded code, not a comment (Fluentd evaluates it there).
  void skip_blank(bool value_position) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        if (value_position && text_.substr(pos_, 2) == "#{" && eval_) return;
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

  Json keyword(std::string_view word, Json::Kind kind) {
    for (char w : word) {
      if (peek() != w) throw Invalid{pos_, unexpected("a JSON value")};
      ++pos_;
    }
    return Json{kind, {}, {}, {}};
  }

  Json array(int depth) {
    ++pos_;  // '['
    Json arr{Json::Kind::Array, {}, {}, {}};
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

  Json object(int depth) {
    ++pos_;  // '{'
    Json obj{Json::Kind::Object, {}, {}, {}};
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
      Json v = value(depth + 1, true);
      bool replaced = false;
      for (auto& m : obj.members) {
        if (m.first == key) {
          m.second = std::move(v);
          replaced = true;
          break;
        }
      }
      if (!replaced) obj.members.emplace_back(std::move(key), std::move(v));
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

  unsigned hex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = peek();
      if (!std::isxdigit(static_cast<unsigned char>(c)))
        throw Invalid{pos_, "expected 4 hex digits after \\u"};
      v = v * 16 +
          (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
      ++pos_;
    }
    return v;
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
        char e = peek();
        ++pos_;
        switch (e) {
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            unsigned cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
              size_t save = pos_;
              pos_ += 2;
              unsigned low = hex4();
              if (low >= 0xDC00 && low < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              } else {
                pos_ = save;
              }
            }
            append_utf8(out, cp);
            break;
          }
          default:
            // Ruby's JSON parser keeps the character after any other
            // backslash ("\/" => "/", "\#" => "#").
            if (static_cast<unsigned char>(e) < 0x20)
              throw Invalid{pos_ - 1, "control character after '\\' in a JSON string"};
            out += e;
        }
        continue;
      }
      if (c == '#' && eval_ && text_.substr(pos_, 2) == "#{") {
        size_t end = find_embedded_code_end(text_.substr(pos_ + 2));
        // Fluentd requires a non-empty body; "#{}" stays literal text.
        if (end != std::string_view::npos && end > 0) {
          std::string_view code = text_.substr(pos_ + 2, end);
          out += (*eval_)(code, pos_);
          pos_ += 2 + end + 1;
          continue;
        }
      }
      out += c;
      ++pos_;
    }
  }

  Json number() {
    size_t start = pos_;
    bool is_float = false;
    if (peek() == '-') ++pos_;
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      throw Invalid{pos_, unexpected("a digit")};
    if (peek() == '0') {
      ++pos_;
      if (std::isdigit(static_cast<unsigned char>(look())))
        throw Invalid{pos_, "leading zeros are not allowed in JSON numbers"};
    } else {
      while (std::isdigit(static_cast<unsigned char>(look()))) ++pos_;
    }
    if (look() == '.') {
      is_float = true;
      ++pos_;
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        throw Invalid{pos_, unexpected("a digit after '.'")};
      while (std::isdigit(static_cast<unsigned char>(look()))) ++pos_;
    }
    if (look() == 'e' || look() == 'E') {
      is_float = true;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        throw Invalid{pos_, unexpected("a digit in the exponent")};
      while (std::isdigit(static_cast<unsigned char>(look()))) ++pos_;
    }
    std::string token(text_.substr(start, pos_ - start));
    Json n{Json::Kind::Number, {}, {}, {}};
    if (!is_float) {
      n.text = token == "-0" ? "0" : token;  // Ruby Integer: -0 is 0
      return n;
    }
    double d = std::strtod(token.c_str(), nullptr);
    if (std::isinf(d)) throw Invalid{start, "number " + token + " is out of range"};
    n.text = ruby_float_to_s(d);
    return n;
  }

  // "#{...}" where a value is expected: its result is read as JSON.
  Json embedded_value(int depth) {
    size_t at = pos_;
    size_t end = find_embedded_code_end(text_.substr(pos_ + 2));
    if (end == std::string_view::npos) throw Incomplete{};
    std::string result = (*eval_)(text_.substr(pos_ + 2, end), at);
    pos_ += 2 + end + 1;
    Reader inner(result, 0, nullptr);
    try {
      Json v = inner.value(depth, false);
      inner.expect_end();
      return v;
    } catch (const Incomplete&) {
    } catch (const Invalid&) {
    }
    throw Invalid{at, "embedded Ruby result `" + result + "` is not a JSON value"};
  }

  std::string_view text_;
  size_t pos_;
  const JsonEmbeddedEval* eval_;
};

}  // namespace

JsonLiteral read_json_literal(std::string_view text, size_t start, const JsonEmbeddedEval& eval) {
  JsonLiteral out;
  Reader reader(text, start, &eval);
  try {
    Json v = reader.value(0, false);
    write_json(out.compact, v);
    out.end = reader.pos();
  } catch (const Incomplete&) {
    out.status = JsonLiteral::Status::Incomplete;
    out.end = text.size();
  } catch (const Invalid& e) {
    out.status = JsonLiteral::Status::Invalid;
    out.end = e.at;
    out.message = e.message;
  }
  return out;
}

}  // namespace ferry::config
