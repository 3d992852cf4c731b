#include "config/v1_lexer.hpp"

#include <algorithm>
#include <cctype>

#include "config/json_literal.hpp"
#include "config/ruby_eval.hpp"

namespace ferry::config {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_break(char c) {
  return c == '\n' || c == '\r';
}
bool is_space(char c) {
  return is_blank(c) || is_break(c);
}

}  // namespace

V1Lexer::V1Lexer(std::string_view text, std::string file, const LoadOptions& opts,
                 Diagnostics& diag)
    : text_(text), file_(std::move(file)), opts_(opts), diag_(diag) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

SourceLocation V1Lexer::location(size_t offset) const {
  offset = std::min(offset, text_.size());
  if (offset == text_.size() && offset > 0 && text_[offset - 1] == '\n') --offset;
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());
  size_t start = line_starts_[line - 1];
  // Columns count characters: UTF-8 continuation bytes are not counted.
  uint32_t column = 1;
  for (size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return SourceLocation{file_, static_cast<uint32_t>(line), column};
}

void V1Lexer::error(size_t at, std::string message, std::string text) {
  diag_.error(location(at), std::move(message), std::move(text));
}

void V1Lexer::warning(size_t at, std::string message, std::string text) {
  diag_.warning(location(at), std::move(message), std::move(text));
}

void V1Lexer::skip_spacing() {
  while (pos_ < text_.size()) {
    if (is_space(text_[pos_])) {
      ++pos_;
    } else if (text_[pos_] == '#') {
      while (pos_ < text_.size() && !is_break(text_[pos_])) ++pos_;
    } else {
      break;
    }
  }
}

bool V1Lexer::skip_blanks_and_line_breaks() {
  bool crossed = false;
  while (pos_ < text_.size() && is_space(text_[pos_])) crossed |= text_[pos_++] == '\n';
  return crossed || eof();
}

void V1Lexer::skip_blanks() {
  while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
}

bool V1Lexer::line_end_at(size_t p) const {
  while (p < text_.size() && is_blank(text_[p])) ++p;
  if (p < text_.size() && text_[p] == '#') return true;  // a comment runs to the line end
  return p >= text_.size() || is_break(text_[p]);
}

bool V1Lexer::skip_line_end() {
  if (!line_end_at(pos_)) return false;
  // One line end, then any blank or comment-only lines after it.
  while (pos_ < text_.size() && line_end_at(pos_)) {
    while (pos_ < text_.size() && !is_break(text_[pos_])) ++pos_;
    if (pos_ < text_.size())
      ++pos_;
    else
      break;
  }
  return true;
}

void V1Lexer::skip_rest_of_line() {
  while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
}

std::string_view V1Lexer::line_from(size_t from) const {
  from = std::min(from, text_.size());
  size_t end = text_.find('\n', from);
  if (end == std::string_view::npos) end = text_.size();
  std::string_view line = text_.substr(from, end - from);
  while (!line.empty() && (line.back() == '\r' || is_blank(line.back()))) line.remove_suffix(1);
  return line;
}

// ZERO_OR_MORE_SPACING followed by '>': blanks, line breaks and comments
// that start after a blank, then the end of the tag.
bool V1Lexer::tag_arg_end_at(size_t p) const {
  while (p < text_.size()) {
    if (is_space(text_[p])) {
      ++p;
    } else if (text_[p] == '#') {
      while (p < text_.size() && !is_break(text_[p])) ++p;
    } else {
      return text_[p] == '>';
    }
  }
  return false;
}

std::string V1Lexer::scan_element_name() {
  size_t start = pos_;
  while (pos_ < text_.size() &&
         (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
    ++pos_;
  return std::string(text_.substr(start, pos_ - start));
}

ScannedString V1Lexer::scan_string(Boundary boundary) {
  if (peek() == '"') return scan_double_quoted();
  if (peek() == '\'') return scan_single_quoted();
  return scan_unquoted(boundary);
}

ScannedString V1Lexer::scan_value() {
  skip_blanks();
  if (peek() == '[' || peek() == '{') return scan_json();
  return scan_string(Boundary::LineEnd);
}

ScannedString V1Lexer::scan_unquoted(Boundary boundary) {
  size_t start = pos_;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    // In Fluentd '#' inside a token is always kept ("a#b"); only a '#'
    // after a blank starts a comment, and the boundary check sees that.
    if (c != '#') {
      if (c == '\n') break;
      if (boundary == Boundary::LineEnd && line_end_at(pos_)) break;
      if (boundary == Boundary::Blank && is_space(c)) break;
      if (boundary == Boundary::TagArg && tag_arg_end_at(pos_)) break;
    }
    ++pos_;
  }
  return ScannedString{std::string(text_.substr(start, pos_ - start))};
}

void V1Lexer::eval_embedded(std::string_view code, size_t at, ScannedString& out) {
  std::string err;
  auto v = eval_embedded_ruby(code, opts_, err);
  if (!v) {
    error(at, err);
    out.ok = false;
    return;
  }
  out.nil |= v->kind == RubyValue::Kind::Nil;
  out.use_default |= v->kind == RubyValue::Kind::UseDefault;
  out.text += v->text;
}

bool V1Lexer::quoted_string_ends(char quote, size_t open, ScannedString& out) {
  if (pos_ >= text_.size()) {
    error(pos_,
          std::string("unexpected end of file in a ") + (quote == '"' ? "double" : "single") +
              " quoted string (opened at " + location(open).str() + ")",
          std::string(line_from(open)));
    out.ok = false;
    return true;
  }
  if (text_[pos_] != quote) return false;
  ++pos_;
  return true;
}

// Fluentd's double-quoted string: escapes \" \' \\ \r \n \t \f \b \0, any
// other letter or digit after '\' is an error, any other symbol stands for
// itself; backslash + line break continues the line; "#{...}" is evaluated.
ScannedString V1Lexer::scan_double_quoted() {
  size_t open = pos_++;
  ScannedString out;
  out.quoted = true;
  while (!quoted_string_ends('"', open, out)) {
    char c = text_[pos_];
    if (c == '\\') {
      char e = peek(1);
      if (e == '\n') {
        pos_ += 2;
      } else if (e == '\r' && peek(2) == '\n') {
        pos_ += 3;
      } else if (pos_ + 1 >= text_.size()) {
        ++pos_;  // the end-of-file error is reported on the next turn
      } else {
        switch (e) {
          case '"':
            out.text += '"';
            break;
          case '\'':
            out.text += '\'';
            break;
          case '\\':
            out.text += '\\';
            break;
          case 'r':
            out.text += '\r';
            break;
          case 'n':
            out.text += '\n';
            break;
          case 't':
            out.text += '\t';
            break;
          case 'f':
            out.text += '\f';
            break;
          case 'b':
            out.text += '\b';
            break;
          case '0':
            out.text += '\0';
            break;
          default:
            if (std::isalnum(static_cast<unsigned char>(e))) {
              error(pos_,
                    std::string("unexpected back-slash escape character '") + e +
                        "' in a double quoted string (write '\\\\" + e +
                        "', or single-quote the value to keep backslashes as they are)",
                    std::string("\\") + e);
              out.ok = false;
            } else {
              out.text += e;  // "\#{x}" => "#{x}", "\$" => "$"
            }
        }
        pos_ += 2;
      }
      continue;
    }
    if (c == '#' && peek(1) == '{') {
      std::string_view body = text_.substr(pos_ + 2);
      size_t end = find_embedded_code_end(body);
      if (end == std::string_view::npos) {
        error(pos_, "embedded Ruby code is not closed with '}'", std::string(line_from(pos_)));
        out.ok = false;
        out.text += "#{";
        pos_ += 2;
        continue;
      }
      eval_embedded(body.substr(0, end), pos_, out);
      pos_ += 2 + end + 1;
      continue;
    }
    out.text += c;
    ++pos_;
  }
  return out;
}

// Single-quoted: only \' and \\ are escapes; no interpolation.
ScannedString V1Lexer::scan_single_quoted() {
  size_t open = pos_++;
  ScannedString out;
  out.quoted = true;
  while (!quoted_string_ends('\'', open, out)) {
    char c = text_[pos_];
    if (c == '\\' && (peek(1) == '\'' || peek(1) == '\\')) {
      out.text += peek(1);
      pos_ += 2;
      continue;
    }
    out.text += c;
    ++pos_;
  }
  return out;
}

ScannedString V1Lexer::scan_json() {
  size_t start = pos_;
  bool is_array = text_[start] == '[';
  const char* kind = is_array ? "array" : "hash";
  ScannedString out;
  json::EmbeddedEval eval = [&](std::string_view code, size_t at) {
    ScannedString piece;
    eval_embedded(code, at, piece);
    if (piece.nil || piece.use_default) {
      error(at, "\"#{use_nil}\" and \"#{use_default}\" cannot be used inside a JSON value",
            "#{" + std::string(code) + "}");
      piece.ok = false;
    }
    out.ok &= piece.ok;
    return piece.text;
  };
  JsonLiteral json = read_json_literal(text_, start, eval);
  const std::string hint = std::string("; a value starting with '") + text_[start] +
                           "' is read as JSON (Fluentd does the same): quote the value if it is "
                           "not meant as JSON";
  switch (json.status) {
    case JsonLiteral::Status::Ok:
      out.text = std::move(json.compact);
      pos_ = json.end;
      return out;
    case JsonLiteral::Status::Incomplete:
      error(start,
            std::string("got incomplete JSON ") + kind +
                " configuration: the file ends before it is closed" + hint,
            std::string(line_from(start)));
      pos_ = start;
      break;
    case JsonLiteral::Status::Invalid: {
      error(json.end,
            std::string("invalid JSON ") + kind + " configuration: " + json.message + hint,
            std::string(line_from(start)));
      pos_ = json.end;
      // When the offending text starts a later line (an unclosed literal
      // followed by `</source>`), that line is left for the parser.
      size_t line_start = text_.rfind('\n', json.end - 1);
      bool starts_line = line_start != std::string_view::npos && line_start > start;
      for (size_t i = line_start + 1; starts_line && i < json.end; ++i)
        starts_line = is_blank(text_[i]);
      if (starts_line) {
        out.ok = false;
        out.text = std::string(line_from(start));
        pos_ = line_start;
        return out;
      }
      break;
    }
  }
  // Go on after the line where the problem is.
  out.ok = false;
  out.text = std::string(line_from(start));
  skip_rest_of_line();
  return out;
}

}  // namespace ferry::config
