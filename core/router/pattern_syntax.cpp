#include "router/pattern_syntax.hpp"

#include "text/utf8.hpp"

namespace ferry::router::pattern {
namespace {

bool is_ruby_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word_char(std::string_view c) {
  if (c.size() != 1) return false;
  char x = c[0];
  return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9') || x == '_';
}

// Ruby walks the pattern by character: a UTF-8 sequence is one character,
// a byte that is not valid UTF-8 one on its own.
size_t char_length(std::string_view s, size_t i) {
  uint32_t cp;
  size_t n = text::utf8_decode(s, i, cp);
  return n ? n : 1;
}

void append_text(Seq& seq, std::string_view text, std::string_view ruby) {
  if (!seq.empty() && seq.back().kind == NodeKind::Text) {
    seq.back().text.append(text);
    seq.back().ruby.append(ruby);
    return;
  }
  Node n;
  n.kind = NodeKind::Text;
  n.text = std::string(text);
  n.ruby = std::string(ruby);
  seq.push_back(std::move(n));
}

void append_node(Seq& seq, NodeKind kind, std::string_view ruby) {
  Node n;
  n.kind = kind;
  n.ruby = std::string(ruby);
  seq.push_back(std::move(n));
}

// `}`: Regexp.union(*alts.map { Regexp.new(_1) }).to_s
Node closed_alternation(std::vector<Seq> alts) {
  Node n;
  n.kind = NodeKind::Alt;
  if (alts.size() == 1) {
    n.ruby = "(?-mix:" + ruby_source(alts[0]) + ")";
  } else {
    n.ruby = "(?-mix:";
    for (size_t i = 0; i < alts.size(); ++i) {
      if (i) n.ruby += '|';
      n.ruby += "(?-mix:" + ruby_source(alts[i]) + ")";
    }
    n.ruby += ')';
  }
  n.alts = std::move(alts);
  return n;
}

// An unclosed `{` at the end of the pattern: Fluentd calls Regexp.union on
// the alternatives' regex *source strings*, which escapes them. Each
// alternative therefore matches its own regex source text literally: `{a,b`
// matches "a" or "b", but `{a.b` matches only the text `a\.b`.
Node unclosed_alternation(const std::vector<Seq>& alts) {
  Node n;
  n.kind = NodeKind::Alt;
  n.ruby = "(?-mix:";
  for (size_t i = 0; i < alts.size(); ++i) {
    std::string source = ruby_source(alts[i]);
    std::string escaped = ruby_regexp_escape(source);
    if (i) n.ruby += '|';
    n.ruby += escaped;
    Seq literal;
    if (!source.empty()) append_text(literal, source, escaped);
    n.alts.push_back(std::move(literal));
  }
  n.ruby += ')';
  return n;
}

}  // namespace

std::string ruby_regexp_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    switch (c) {
      case '[':
      case ']':
      case '{':
      case '}':
      case '(':
      case ')':
      case '|':
      case '-':
      case '*':
      case '.':
      case '\\':
      case '?':
      case '+':
      case '^':
      case '$':
      case ' ':
      case '#':
        out += '\\';
        out += c;
        break;
      case '\t':
        out += "\\t";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ruby_source(const Seq& seq) {
  std::string s;
  for (const Node& n : seq) s += n.ruby;
  return s;
}

std::vector<std::string_view> split_pieces(std::string_view arg) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < arg.size()) {
    while (i < arg.size() && is_ruby_space(arg[i])) ++i;
    size_t start = i;
    while (i < arg.size() && !is_ruby_space(arg[i])) ++i;
    if (i > start) out.push_back(arg.substr(start, i - start));
  }
  return out;
}

std::optional<ParsedPiece> parse_piece(std::string_view pat, std::string& error) {
  ParsedPiece piece;
  piece.text = std::string(pat);
  if (pat == "**") {
    piece.kind = PieceKind::All;
    return piece;
  }
  if (!pat.empty() && pat.front() == '/') {
    if (pat.back() != '/') {
      error =
          "invalid match - regex: a pattern that starts with '/' is a regular expression "
          "and must also end with '/'";
      return std::nullopt;
    }
    piece.kind = PieceKind::Regex;
    piece.regex = pat.size() >= 2 ? std::string(pat.substr(1, pat.size() - 2)) : std::string();
    return piece;
  }

  // The same walk as GlobMatchPattern#initialize: `stack` holds the finished
  // alternatives of each open brace, `regex` the sequence being built at
  // each nesting level; a '.' is held back (`dot`) because before `**` it
  // turns into an assertion instead of a literal dot.
  std::vector<std::vector<Seq>> stack;
  std::vector<Seq> regex(1);
  bool escape = false;
  bool dot = false;
  size_t i = 0;
  while (i < pat.size()) {
    size_t len = char_length(pat, i);
    std::string_view c = pat.substr(i, len);
    if (escape) {
      append_text(regex.back(), c, ruby_regexp_escape(c));
      escape = false;
      i += len;
      continue;
    }
    if (pat.substr(i, 2) == "**") {
      if (dot) {
        append_node(regex.back(), NodeKind::DotOrEnd, "(?![^\\.])");
        dot = false;
      }
      if (i + 2 < pat.size() && pat[i + 2] == '.') {
        append_node(regex.back(), NodeKind::AnyDotOrStart, "(?:.*\\.|\\A)");
        i += 3;
      } else {
        append_node(regex.back(), NodeKind::AnyStar, ".*");
        i += 2;
      }
      continue;
    }
    if (dot) {
      append_text(regex.back(), ".", "\\.");
      dot = false;
    }
    if (c == "\\") {
      escape = true;
    } else if (c == ".") {
      dot = true;
    } else if (c == "*") {
      append_node(regex.back(), NodeKind::NonDotStar, "[^\\.]*");
    } else if (c == "{") {
      stack.emplace_back();
      regex.emplace_back();
    } else if (c == "}" && !stack.empty()) {
      stack.back().push_back(std::move(regex.back()));
      regex.pop_back();
      Node alt = closed_alternation(std::move(stack.back()));
      stack.pop_back();
      regex.back().push_back(std::move(alt));
    } else if (c == "," && !stack.empty()) {
      stack.back().push_back(std::move(regex.back()));
      regex.back() = Seq();
    } else if (is_word_char(c)) {
      append_text(regex.back(), c, c);
    } else {
      append_text(regex.back(), c, std::string("\\").append(c));
    }
    i += len;
  }
  // A '.' still held back at the very end is dropped, as in Fluentd: the
  // pattern `a.` matches the tag "a".
  while (!stack.empty()) {
    stack.back().push_back(std::move(regex.back()));
    regex.pop_back();
    Node alt = unclosed_alternation(stack.back());
    stack.pop_back();
    regex.back().push_back(std::move(alt));
  }
  piece.kind = PieceKind::Glob;
  piece.seq = std::move(regex.back());
  return piece;
}

}  // namespace ferry::router::pattern
