#include "router/pattern_cover.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ferry::router {
namespace {

TagPattern compile(std::string_view text) {
  std::string e;
  auto p = TagPattern::compile(text, e);
  EXPECT_TRUE(p) << text << ": " << e;
  return p ? *p : TagPattern();
}

TEST(PatternCover, UnknownForRegexes) {
  auto re = compile("/a.*/");
  auto glob = compile("a.*");
  EXPECT_EQ(covers(pieces_of(glob), pieces_of(re)), Answer::Unknown);
  EXPECT_EQ(covers(pieces_of(compile("**")), pieces_of(re)), Answer::Yes);
  EXPECT_EQ(overlaps(pieces_of(glob), pieces_of(re)), Answer::Unknown);
  EXPECT_EQ(overlaps(pieces_of(glob), pieces_of(compile("a.b"))), Answer::Yes);
  EXPECT_EQ(overlaps(pieces_of(glob), pieces_of(compile("b.*"))), Answer::No);
}

TEST(PatternCover, UnionOfSeveralPatterns) {
  auto x = compile("a.x"), y = compile("a.y"), both = compile("a.{x,y}");
  std::vector<const PatternPiece*> outer = pieces_of(x);
  EXPECT_EQ(covers(outer, pieces_of(both)), Answer::No);
  outer.push_back(y.pieces()[0].get());
  EXPECT_EQ(covers(outer, pieces_of(both)), Answer::Yes);
}

// Every string of up to `len` characters over `alphabet`.
std::vector<std::string> all_tags(std::string_view alphabet, size_t len) {
  std::vector<std::string> out{""};
  for (size_t start = 0, n = 0; n < len; ++n) {
    size_t end = out.size();
    for (size_t i = start; i < end; ++i)
      for (char c : alphabet) out.push_back(out[i] + c);
    start = end;
  }
  return out;
}

// An unclosed '{' makes its alternatives match their regex source text
// (backslashes, "(?-mix:"...), whose witnesses need other characters.
bool has_unclosed_brace(std::string_view p) {
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\')
      ++i;
    else if (p[i] == '{')
      ++depth;
    else if (p[i] == '}' && depth)
      --depth;
  }
  return depth > 0;
}

// A Yes must never be wrong (the dry run would report a false shadowing),
// checked against every short tag; a No must come with a witness, which
// for these small patterns is short (except for unclosed braces).
TEST(PatternCover, RandomPairsAgreeWithBruteForce) {
  const char* tokens[] = {"a", "b", ".", ".", "*", "**", "{", "}", ",", "x", "\\."};
  std::mt19937 rng(7);
  auto random_pattern = [&] {
    std::string p;
    int n = 1 + int(rng() % 5);
    for (int i = 0; i < n; ++i) p += tokens[rng() % std::size(tokens)];
    return p;
  };
  std::vector<std::string> tags = all_tags("ab.x,{}", 5);
  int yes = 0, no = 0;
  for (int round = 0; round < 400; ++round) {
    std::string outer_text = random_pattern(), inner_text = random_pattern();
    std::string e;
    auto outer = TagPattern::compile(outer_text, e);
    auto inner = TagPattern::compile(inner_text, e);
    if (!outer || !inner) continue;
    Answer a = covers(pieces_of(*outer), pieces_of(*inner));
    ASSERT_NE(a, Answer::Unknown) << outer_text << " / " << inner_text;
    bool witness = false;
    for (const std::string& t : tags)
      if (inner->match(t) && !outer->match(t)) witness = true;
    if (a == Answer::Yes || !has_unclosed_brace(inner_text)) {
      EXPECT_EQ(a == Answer::Yes, !witness)
          << "`" << outer_text << "` covers `" << inner_text << "`";
    }
    (a == Answer::Yes ? yes : no)++;
  }
  EXPECT_GT(yes, 20);
  EXPECT_GT(no, 20);
}

}  // namespace
}  // namespace ferry::router
