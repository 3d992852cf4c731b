#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "config/source_location.hpp"

namespace ferry::config {

// One string token of v1 syntax: a key, a value, a section argument or an
// @include path, after quotes, escapes, "#{...}" and JSON re-serialisation.
struct ScannedString {
  std::string text;
  bool quoted = false;       // came from '...' or "..."
  bool nil = false;          // "#{use_nil}" was evaluated
  bool use_default = false;  // "#{use_default}" was evaluated
  bool ok = true;            // false: an error was reported for this token
};

// Where an unquoted token ends (Fluentd's boundary regexes in
// basic_parser.rb): values and include paths at LINE_END (trailing blanks
// and a ` #comment` are not part of them), keys at the first blank, section
// arguments before the `>` that closes the tag.
enum class Boundary { LineEnd, Blank, TagArg };

// The character level of Fluentd's v1 syntax (basic_parser.rb and
// literal_parser.rb): positions, blanks, comments, line ends and string
// tokens. Errors go to `diag` with file:line:col; a token with an error is
// still scanned to its end so the parser can go on with the next line.
class V1Lexer {
 public:
  V1Lexer(std::string_view text, std::string file, const LoadOptions& opts, Diagnostics& diag);

  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  bool eof() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool starts_with(std::string_view s) const { return text_.substr(pos_).substr(0, s.size()) == s; }
  const std::string& file() const { return file_; }

  // 1-based line and column (in characters) of a byte offset. The end of a
  // file that ends with a line break is shown at the end of its last line,
  // as Fluentd does ("line 8,15").
  SourceLocation location(size_t offset) const;
  SourceLocation here() const { return location(pos_); }

  // Fluentd SPACING: blanks, line breaks and `#` comments.
  void skip_spacing();
  // Fluentd SPACING_WITHOUT_COMMENT: blanks and line breaks. Returns true
  // when it crossed a line break or reached the end of the text.
  bool skip_blanks_and_line_breaks();
  // Fluentd LINE_END: optional blanks and `# comment`, then the line break
  // (or end of text), repeated. False, consuming nothing, when other text
  // follows on this line.
  bool skip_line_end();
  // Spaces and tabs only.
  void skip_blanks();
  // Error recovery: drop what is left of the current line, up to but not
  // including its line break.
  void skip_rest_of_line();
  // The text from `from` to the end of its line (for error messages).
  std::string_view line_from(size_t from) const;

  // [a-zA-Z0-9_]+ (empty when there is none).
  std::string scan_element_name();
  // A quoted or unquoted token. An empty unquoted token gives text "".
  ScannedString scan_string(Boundary boundary);
  // A parameter value: a JSON literal when it starts with '[' or '{',
  // else scan_string(LineEnd).
  ScannedString scan_value();

  void error(size_t at, std::string message, std::string text = {});
  void warning(size_t at, std::string message, std::string text = {});

 private:
  bool line_end_at(size_t p) const;
  bool tag_arg_end_at(size_t p) const;
  ScannedString scan_unquoted(Boundary boundary);
  ScannedString scan_double_quoted();
  ScannedString scan_single_quoted();
  // Inside a quoted string opened at `open`: true when it ends here, past
  // the closing `quote`, or (reported as an error) at the end of the file.
  bool quoted_string_ends(char quote, size_t open, ScannedString& out);
  ScannedString scan_json();
  // Evaluates "#{code}" found at `at`; adds to `out` or reports an error.
  void eval_embedded(std::string_view code, size_t at, ScannedString& out);

  std::string_view text_;
  std::string file_;
  const LoadOptions& opts_;
  Diagnostics& diag_;
  size_t pos_ = 0;
  std::vector<size_t> line_starts_;
};

}  // namespace ferry::config
