#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::router::pattern {

// The parsed form of one piece of a <match>/<filter> pattern. It mirrors
// what Fluentd's GlobMatchPattern (lib/fluent/match.rb) appends to its regex,
// node for node, so that the matcher (PCRE2) and the dry-run coverage
// analysis (an automaton) both work from exactly Fluentd's meaning.
enum class NodeKind : unsigned char {
  Text,           // literal bytes
  NonDotStar,     // `*`            -> [^.]*
  AnyStar,        // `**`           -> .*      (Ruby `.`: any byte but \n)
  DotOrEnd,       // `.` before `**` -> (?![^.]) next is '.' or the end
  AnyDotOrStart,  // `**.`          -> (?:.*\.|\A)
  Alt,            // `{a,b}`        -> alternation of sub-sequences
};

struct Node;
using Seq = std::vector<Node>;

struct Node {
  NodeKind kind = NodeKind::Text;
  std::string text;       // Text: the bytes it matches
  std::string ruby;       // the Ruby regex source Fluentd generates for it
  std::vector<Seq> alts;  // Alt
};

enum class PieceKind : unsigned char {
  All,    // exactly `**`: Fluentd's AllMatchPattern, matches every tag
  Glob,   // everything else that is not a regex
  Regex,  // `/.../`: the inner text is a Ruby regex anchored \A...\Z
};

struct ParsedPiece {
  PieceKind kind = PieceKind::Glob;
  std::string text;   // the piece as written
  Seq seq;            // Glob
  std::string regex;  // Regex: the text between the slashes
};

// Parses one whitespace-free piece. Fails only for a piece that starts with
// '/' but does not end with one (Fluentd: "invalid match - regex").
std::optional<ParsedPiece> parse_piece(std::string_view piece, std::string& error);

// Splits a directive argument on whitespace (Fluentd: arg.split(/\s+/)).
std::vector<std::string_view> split_pieces(std::string_view arg);

// Ruby's Regexp.escape of a string.
std::string ruby_regexp_escape(std::string_view s);

// The Ruby regex source of a sequence (concatenation of node sources).
std::string ruby_source(const Seq& seq);

}  // namespace ferry::router::pattern
