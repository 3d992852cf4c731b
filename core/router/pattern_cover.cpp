#include "router/pattern_cover.hpp"

#include <algorithm>
#include <bitset>
#include <set>
#include <utility>

namespace ferry::router {
namespace {

using pattern::Node;
using pattern::NodeKind;
using pattern::PieceKind;
using pattern::Seq;

// Searches stop here and answer Unknown; real patterns need a few dozen.
constexpr size_t kMaxPairs = 20000;
constexpr int kEnd = -1;  // "no next character"

enum class Cls : unsigned char { Byte, NonDot, NotNewline, Any };

struct Edge {
  Cls cls;
  unsigned char byte;
  int to;
  bool accepts(int c) const {
    switch (cls) {
      case Cls::Byte:
        return c == byte;
      case Cls::NonDot:
        return c != '.';
      case Cls::NotNewline:
        return c != '\n';
      case Cls::Any:
        return true;
    }
    return false;
  }
};

enum class Assert : unsigned char { None, NextIsDotOrEnd, AtStart };

struct State {
  Assert assert_kind = Assert::None;
  bool accept = false;
  std::vector<int> eps;
  std::vector<Edge> edges;
};

// A Thompson automaton with two zero-width assertions, which is all the
// regexes of match.rb need: (?![^.]) and \A.
class Nfa {
 public:
  // Adds a piece; false for a piece it cannot model (a regex).
  bool add(const PatternPiece& p) {
    const auto& parsed = p.parsed();
    if (parsed.kind == PieceKind::Regex) return false;
    int start = fresh();
    starts_.push_back(start);
    if (parsed.kind == PieceKind::All) {
      states_[start].accept = true;
      states_[start].edges.push_back({Cls::Any, 0, start});
      return true;
    }
    int end = build(parsed.seq, start);
    // \Z: the end, or just before a final "\n".
    int after_newline = fresh();
    states_[after_newline].accept = true;
    states_[end].accept = true;
    states_[end].edges.push_back({Cls::Byte, '\n', after_newline});
    return true;
  }

  const std::vector<int>& starts() const { return starts_; }

  void collect_bytes(std::bitset<256>& bytes) const {
    for (const State& s : states_)
      for (const Edge& e : s.edges)
        if (e.cls == Cls::Byte) bytes.set(e.byte);
  }

  // The states reachable without consuming input, given what comes next.
  std::vector<int> closure(const std::vector<int>& kernel, bool at_start, int next) const {
    std::vector<char> seen(states_.size(), 0);
    std::vector<int> stack(kernel.begin(), kernel.end());
    std::vector<int> out;
    while (!stack.empty()) {
      int s = stack.back();
      stack.pop_back();
      if (seen[s]) continue;
      seen[s] = 1;
      out.push_back(s);
      const State& st = states_[s];
      if (st.assert_kind == Assert::NextIsDotOrEnd && !(next == kEnd || next == '.')) continue;
      if (st.assert_kind == Assert::AtStart && !at_start) continue;
      for (int t : st.eps) stack.push_back(t);
    }
    return out;
  }

  bool accepts(const std::vector<int>& kernel, bool at_start) const {
    for (int s : closure(kernel, at_start, kEnd))
      if (states_[s].accept) return true;
    return false;
  }

  std::vector<int> step(const std::vector<int>& kernel, bool at_start, int c) const {
    std::vector<int> next;
    for (int s : closure(kernel, at_start, c))
      for (const Edge& e : states_[s].edges)
        if (e.accepts(c)) next.push_back(e.to);
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    return next;
  }

 private:
  int fresh() {
    states_.emplace_back();
    return int(states_.size() - 1);
  }
  void eps(int from, int to) { states_[from].eps.push_back(to); }
  void edge(int from, Cls cls, unsigned char b, int to) {
    states_[from].edges.push_back({cls, b, to});
  }

  int star(int from, Cls cls) {
    int s = fresh();
    eps(from, s);
    edge(s, cls, 0, s);
    return s;
  }

  int build(const Seq& seq, int from) {
    for (const Node& n : seq) {
      switch (n.kind) {
        case NodeKind::Text:
          for (char ch : n.text) {
            int s = fresh();
            edge(from, Cls::Byte, static_cast<unsigned char>(ch), s);
            from = s;
          }
          break;
        case NodeKind::NonDotStar:
          from = star(from, Cls::NonDot);
          break;
        case NodeKind::AnyStar:
          from = star(from, Cls::NotNewline);
          break;
        case NodeKind::DotOrEnd: {
          int check = fresh();
          states_[check].assert_kind = Assert::NextIsDotOrEnd;
          int after = fresh();
          eps(from, check);
          eps(check, after);
          from = after;
          break;
        }
        case NodeKind::AnyDotOrStart: {
          int join = fresh();
          int any = star(from, Cls::NotNewline);
          int dot = fresh();
          edge(any, Cls::Byte, '.', dot);
          eps(dot, join);
          int start = fresh();
          states_[start].assert_kind = Assert::AtStart;
          eps(from, start);
          eps(start, join);
          from = join;
          break;
        }
        case NodeKind::Alt: {
          int join = fresh();
          for (const Seq& alt : n.alts) {
            int s = fresh();
            eps(from, s);
            eps(build(alt, s), join);
          }
          from = join;
          break;
        }
      }
    }
    return from;
  }

  std::vector<State> states_;
  std::vector<int> starts_;
};

bool has_all(const std::vector<const PatternPiece*>& ps) {
  for (const PatternPiece* p : ps)
    if (p->kind() == PieceKind::All) return true;
  return false;
}

// The input characters that can make a difference: every byte named by
// either automaton, plus one byte that none names (all such bytes behave
// alike under every edge class). Tags are taken to have no line break:
// Fluentd's \Z and `.` treat "\n" specially, which would make `a.**` not
// cover `a` (only "a\n" tells them apart), and no real tag contains one.
std::vector<int> alphabet(const Nfa& a, const Nfa& b) {
  std::bitset<256> bytes;
  a.collect_bytes(bytes);
  b.collect_bytes(bytes);
  bytes.set('.');
  bytes.set('\n');
  std::vector<int> out;
  for (int c = 0; c < 256; ++c)
    if (bytes.test(c) && c != '\n') out.push_back(c);
  for (int c = 'x'; c < 'x' + 256; ++c) {
    int other = c & 0xff;
    if (!bytes.test(other)) {
      out.push_back(other);
      break;
    }
  }
  return out;
}

enum class Goal { Cover, Overlap };

// Breadth-first walk of the product of the two subset automata. Cover: a
// reachable pair where `inner` accepts and `outer` does not disproves it.
// Overlap: a pair where both accept proves it.
Answer search(const Nfa& outer, const Nfa& inner, Goal goal) {
  struct Pair {
    std::vector<int> a, b;
    bool at_start;
    bool operator<(const Pair& o) const {
      return std::tie(at_start, a, b) < std::tie(o.at_start, o.a, o.b);
    }
  };
  std::vector<int> sigma = alphabet(outer, inner);
  auto sorted = [](std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  std::set<Pair> seen;
  std::vector<Pair> queue{{sorted(outer.starts()), sorted(inner.starts()), true}};
  seen.insert(queue.front());
  for (size_t head = 0; head < queue.size(); ++head) {
    if (seen.size() > kMaxPairs) return Answer::Unknown;
    Pair cur = queue[head];
    bool in_accepts = inner.accepts(cur.b, cur.at_start);
    if (in_accepts) {
      bool out_accepts = outer.accepts(cur.a, cur.at_start);
      if (goal == Goal::Cover && !out_accepts) return Answer::No;
      if (goal == Goal::Overlap && out_accepts) return Answer::Yes;
    }
    for (int c : sigma) {
      Pair next{outer.step(cur.a, cur.at_start, c), inner.step(cur.b, cur.at_start, c), false};
      if (next.b.empty()) continue;  // inner matches nothing further down
      if (goal == Goal::Overlap && next.a.empty()) continue;
      if (seen.insert(next).second) queue.push_back(std::move(next));
    }
  }
  return goal == Goal::Cover ? Answer::Yes : Answer::No;
}

}  // namespace

Answer automaton_matches(const PatternPiece& piece, std::string_view tag) {
  Nfa nfa;
  if (!nfa.add(piece)) return Answer::Unknown;
  std::vector<int> kernel = nfa.starts();
  bool at_start = true;
  for (char c : tag) {
    kernel = nfa.step(kernel, at_start, static_cast<unsigned char>(c));
    at_start = false;
    if (kernel.empty()) return Answer::No;
  }
  return nfa.accepts(kernel, at_start) ? Answer::Yes : Answer::No;
}

std::vector<const PatternPiece*> pieces_of(const TagPattern& p) {
  std::vector<const PatternPiece*> out;
  for (const auto& piece : p.pieces()) out.push_back(piece.get());
  return out;
}

Answer covers(const std::vector<const PatternPiece*>& outer,
              const std::vector<const PatternPiece*>& inner) {
  if (has_all(outer)) return Answer::Yes;
  Nfa a, b;
  for (const PatternPiece* p : outer) a.add(*p);  // regexes left out: may under-cover
  bool inner_known = true;
  for (const PatternPiece* p : inner) inner_known = b.add(*p) && inner_known;
  if (!inner_known) return Answer::Unknown;
  return search(a, b, Goal::Cover);
}

Answer overlaps(const std::vector<const PatternPiece*>& x,
                const std::vector<const PatternPiece*>& y) {
  Nfa a, b;
  bool known = true;
  for (const PatternPiece* p : x) known = a.add(*p) && known;
  for (const PatternPiece* p : y) known = b.add(*p) && known;
  if (!y.empty() && has_all(x)) return Answer::Yes;
  if (!x.empty() && has_all(y)) return Answer::Yes;
  Answer found = search(a, b, Goal::Overlap);
  if (found == Answer::No && !known) return Answer::Unknown;
  return found;
}

}  // namespace ferry::router
