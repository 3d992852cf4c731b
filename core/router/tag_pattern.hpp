#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "router/pattern_syntax.hpp"

namespace ferry::router {

// One whitespace-free piece of a pattern, compiled once. Matching never
// allocates: plain literals compare bytes, `**` is a constant, everything
// else runs a JIT-compiled PCRE2 program with per-thread match data.
class PatternPiece {
 public:
  ~PatternPiece();
  PatternPiece(const PatternPiece&) = delete;
  PatternPiece& operator=(const PatternPiece&) = delete;

  // nullptr with `error` set when the piece is invalid.
  static std::unique_ptr<PatternPiece> compile(std::string_view text, std::string& error);

  bool match(std::string_view tag) const;

  const std::string& text() const { return parsed_.text; }
  pattern::PieceKind kind() const { return parsed_.kind; }
  const pattern::ParsedPiece& parsed() const { return parsed_; }
  // The PCRE2 program text (empty for `**` and plain literals); for tests.
  const std::string& program() const { return program_; }

 private:
  PatternPiece() = default;

  pattern::ParsedPiece parsed_;
  std::string literal_;  // set when the whole piece is literal text
  bool is_literal_ = false;
  std::string program_;
  void* code_ = nullptr;  // pcre2_code_8*
  bool jit_ = false;
};

// The argument of a <match>/<filter>: whitespace-separated pieces, matching
// when any piece matches (Fluentd's match.rb). Cheap to copy (pieces are
// shared and immutable), safe to use from many threads.
class TagPattern {
 public:
  TagPattern() = default;

  // An empty argument means `**`, as Fluentd's Agent does. On failure
  // returns nullopt and `error` names every bad piece.
  static std::optional<TagPattern> compile(std::string_view arg, std::string& error);

  bool match(std::string_view tag) const {
    for (const auto& p : pieces_)
      if (p->match(tag)) return true;
    return false;
  }

  // The pieces joined by one space (canonical, for reports and describe()).
  const std::string& text() const { return text_; }
  const std::vector<std::shared_ptr<const PatternPiece>>& pieces() const { return pieces_; }

 private:
  std::string text_;
  std::vector<std::shared_ptr<const PatternPiece>> pieces_;
};

}  // namespace ferry::router
