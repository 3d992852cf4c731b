#include "config/params_json.hpp"

#include <cstdio>

namespace ferry::config::json {
namespace {

// Deep nesting in a config value is a mistake, not data; the limit keeps a
// hostile value from exhausting the stack.
constexpr int kMaxDepth = 256;

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::optional<Value> document(std::string& error) {
    skip_ws();
    std::optional<Value> v = value(0);
    if (v) {
      skip_ws();
      if (pos_ != s_.size()) fail("unexpected text after the JSON value");
    }
    if (!error_.empty()) {
      error = error_ + " at offset " + std::to_string(pos_);
      return std::nullopt;
    }
    return v;
  }

 private:
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  bool eof() const { return pos_ >= s_.size(); }
  char peek() const { return eof() ? '\0' : s_[pos_]; }
  void skip_ws() {
    while (!eof() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  std::optional<Value> value(int depth) {
    if (depth > kMaxDepth) {
      fail("JSON nested too deeply");
      return std::nullopt;
    }
    char c = peek();
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      std::string s;
      if (!string(s)) return std::nullopt;
      return Value::string(std::move(s));
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (literal("true")) return Value::boolean(true);
    if (literal("false")) return Value::boolean(false);
    if (literal("null")) return Value{};
    fail(eof() ? "unexpected end of JSON" : std::string("unexpected character '") + c + "'");
    return std::nullopt;
  }

  std::optional<Value> object(int depth) {
    ++pos_;  // {
    Value v;
    v.kind = Value::Kind::Object;
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return v;
    }
    for (;;) {
      skip_ws();
      if (peek() != '"') {
        fail("expected a string key");
        return std::nullopt;
      }
      std::string key;
      if (!string(key)) return std::nullopt;
      skip_ws();
      if (peek() != ':') {
        fail("expected ':'");
        return std::nullopt;
      }
      ++pos_;
      skip_ws();
      std::optional<Value> member = value(depth + 1);
      if (!member) return std::nullopt;
      v.members.emplace_back(std::move(key), std::move(*member));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return v;
      }
      fail("expected ',' or '}'");
      return std::nullopt;
    }
  }

  std::optional<Value> array(int depth) {
    ++pos_;  // [
    Value v;
    v.kind = Value::Kind::Array;
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      return v;
    }
    for (;;) {
      skip_ws();
      std::optional<Value> item = value(depth + 1);
      if (!item) return std::nullopt;
      v.items.push_back(std::move(*item));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return v;
      }
      fail("expected ',' or ']'");
      return std::nullopt;
    }
  }

  std::optional<Value> number() {
    size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++pos_;
    } else {
      fail("invalid number");
      return std::nullopt;
    }
    if (peek() == '.') {
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) {
        fail("invalid number");
        return std::nullopt;
      }
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) {
        fail("invalid number");
        return std::nullopt;
      }
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    return Value::number(std::string(s_.substr(start, pos_ - start)));
  }

  static void append_utf8(std::string& out, uint32_t cp) {
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

  bool hex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= h - '0';
      else if (h >= 'a' && h <= 'f')
        cp |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F')
        cp |= h - 'A' + 10;
      else
        return false;
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (!eof()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character in JSON string");
        return false;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (eof()) break;
      char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
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
          uint32_t cp;
          if (!hex4(cp)) {
            fail("invalid \\u escape");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low;
            if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          append_utf8(out, cp);
          break;
        }
        default:
          fail(std::string("invalid escape '\\") + e + "'");
          return false;
      }
    }
    fail("unterminated JSON string");
    return false;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::optional<Value> parse(std::string_view text, std::string& error) {
  return Reader(text).document(error);
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
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
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void serialize_to(const Value& v, std::string& out) {
  switch (v.kind) {
    case Value::Kind::Null:
      out += "null";
      break;
    case Value::Kind::Bool:
    case Value::Kind::Number:
      out += v.text;
      break;
    case Value::Kind::String:
      append_quoted(out, v.text);
      break;
    case Value::Kind::Array: {
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        serialize_to(v.items[i], out);
      }
      out += ']';
      break;
    }
    case Value::Kind::Object: {
      out += '{';
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        append_quoted(out, v.members[i].first);
        out += ':';
        serialize_to(v.members[i].second, out);
      }
      out += '}';
      break;
    }
  }
}

std::string serialize(const Value& v) {
  std::string out;
  serialize_to(v, out);
  return out;
}

std::string as_param_text(const Value& v) {
  return v.kind == Value::Kind::String ? v.text : serialize(v);
}

}  // namespace ferry::config::json
