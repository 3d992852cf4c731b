#include "router/tag_pattern.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "router/pattern_cover.hpp"

namespace ferry::router {
namespace {

TagPattern compile_ok(std::string_view text) {
  std::string error;
  auto p = TagPattern::compile(text, error);
  EXPECT_TRUE(p.has_value()) << text << ": " << error;
  return p ? *p : TagPattern();
}

struct Row {
  const char* pattern;
  const char* tag;
  bool match;
};

// Every row of fluentd-compat.md §2.1, with the counter-examples that make
// each rule mean something.
const Row kSpecRows[] = {
    // `*`: zero or more characters except '.'
    {"a.*", "a.", true},
    {"a.*", "a.b", true},
    {"a.*", "a", false},
    {"a.*", "a.b.c", false},
    {"a.*.c", "a..c", true},
    {"a.*.c", "a.b.c", true},
    {"a.*.c", "a.b.d.c", false},
    {"a*", "abc", true},
    {"a*", "a", true},
    {"a*", "a.b", false},
    {"*", "abc", true},
    {"*", "", true},
    {"*", "a.b", false},
    // `**`: anything, dots included; a bare `**` matches every tag
    {"**", "", true},
    {"**", "a.b.c", true},
    {"**", "a\nb", true},
    {"a**", "abc.d", true},
    // `x.**`: x itself or x. + anything; not a longer word
    {"a.**", "a", true},
    {"a.**", "a.b", true},
    {"a.**", "a.b.c", true},
    {"a.**", "a.", true},
    {"a.**", "ab", false},
    {"a.**", "b.a", false},
    // `**.x`: x or anything ending in .x
    {"**.x", "x", true},
    {"**.x", "a.x", true},
    {"**.x", "a.b.x", true},
    {"**.x", ".x", true},
    {"**.x", "ax", false},
    {"**.x", "x.a", false},
    // `a.**.b`
    {"a.**.b", "a.b", true},
    {"a.**.b", "a.x.b", true},
    {"a.**.b", "a.x.y.b", true},
    {"a.**.b", "ab", false},
    {"a.**.b", "a.xb", false},
    {"a.**.b", "a.bb", false},
    {"a.**.b", "ax.b", false},
    // `{p,q}`: alternation, may hold dots, globs and braces
    {"{a,b}", "a", true},
    {"{a,b}", "b", true},
    {"{a,b}", "c", false},
    {"{a,b}", "ab", false},
    {"a.{b,c.d}", "a.b", true},
    {"a.{b,c.d}", "a.c.d", true},
    {"a.{b,c.d}", "a.c", false},
    {"a.{b,c.**}", "a.c", true},
    {"a.{b,c.**}", "a.c.x.y", true},
    {"{a.*,b}.z", "a.q.z", true},
    {"{a.{b,c},d}.e", "a.c.e", true},
    {"{a.{b,c},d}.e", "d.e", true},
    {"{a.{b,c},d}.e", "a.d.e", false},
    // An unclosed `{` is closed at the end, but (Fluentd's Regexp.union of
    // source strings) each alternative then matches its regex text
    // literally: plain words behave as expected, a dot does not.
    {"{a,b", "a", true},
    {"{a,b", "b", true},
    {"x.{a,b", "x.b", true},
    {"{a.b", "a.b", false},
    {"{a.b", "a\\.b", true},
    // `\c`: a literal c
    {"a\\*b", "a*b", true},
    {"a\\*b", "axb", false},
    {"a\\.b", "a.b", true},
    {"\\{a,b}", "{a,b}", true},
    {"\\{a,b}", "a", false},
    // `/regex/`: the whole piece, anchored \A...\Z
    {"/a.*/", "abc", true},
    {"/a.*/", "a.b.c", true},
    {"/a.*/", "ba", false},
    {"/(a|b)\\.c/", "b.c", true},
    {"/(a|b)\\.c/", "b.cd", false},
    {"/\\h+/", "ff09", true},  // Ruby \h: a hex digit
    {"/\\h+/", "fg", false},
    {"/(?m)a.b/", "a\nb", true},  // Ruby (?m): dot matches newline
    {"/a.b/", "a\nb", false},
    // other characters are literal
    {"a-b@c:d", "a-b@c:d", true},
    {"a-b@c:d", "a-b@c:e", false},
    {"a,b", "a,b", true},  // a comma outside braces is just a comma
    {"a,b", "a", false},
    {"ab/", "ab/", true},  // not a regex: it does not start with '/'
    // Ruby's \Z: the end, or before a final newline
    {"a", "a\n", true},
    {"a.*", "a.b\n", true},
    {"a", "a\n\n", false},
    // a '.' held back at the very end is dropped (match.rb)
    {"a.", "a", true},
    {"a.", "a.", false},
    // several pieces: any of them
    {"multi.one multi.two.**", "multi.one", true},
    {"multi.one multi.two.**", "multi.two.three", true},
    {"multi.one multi.two.**", "multi.three", false},
    {"  a\tb  ", "b", true},
};

TEST(TagPattern, SpecTable) {
  for (const Row& row : kSpecRows) {
    TagPattern p = compile_ok(row.pattern);
    EXPECT_EQ(p.match(row.tag), row.match)
        << "pattern `" << row.pattern << "` tag \"" << row.tag << "\"";
  }
}

// The sends of the compat case route_patterns, with the <match> each one
// reached in real Fluentd (expected.txt) or none (expected_log.txt).
TEST(TagPattern, CompatRoutePatternsFirstMatch) {
  const char* patterns[] = {
      "single.*",   "double.**", "{alt1,alt2}.*",       "multi.one multi.two.**",
      "mid.**.end", "pre*.x",    "{nest.{a,b},other}.z"};
  std::vector<TagPattern> compiled;
  for (const char* p : patterns) compiled.push_back(compile_ok(p));
  struct Send {
    const char* tag;
    int match;  // index into patterns, -1: no pattern matched
  } sends[] = {
      {"single", -1},      {"single.a", 0},     {"single.a.b", -1},     {"double", 1},
      {"double.a", 1},     {"double.a.b.c", 1}, {"alt1", -1},           {"alt1.x", 2},
      {"alt2.y", 2},       {"alt3.z", -1},      {"alt1.x.y", -1},       {"multi.one", 3},
      {"multi.one.x", -1}, {"multi.two", 3},    {"multi.two.three", 3}, {"multi.three", -1},
      {"mid.end", 4},      {"mid.x.end", 4},    {"mid.x.y.end", 4},     {"mid.endx", -1},
      {"prefix.x", 5},     {"pre.x", 5},        {"prex.y", -1},         {"nest.a.z", 6},
      {"nest.c.z", -1},    {"other.z", 6},
  };
  for (const Send& s : sends) {
    int first = -1;
    for (size_t i = 0; i < compiled.size() && first < 0; ++i)
      if (compiled[i].match(s.tag)) first = int(i);
    EXPECT_EQ(first, s.match) << s.tag;
  }
}

TEST(TagPattern, EmptyArgumentMeansEverything) {
  TagPattern p = compile_ok("");
  EXPECT_EQ(p.text(), "**");
  EXPECT_TRUE(p.match("anything.at.all"));
}

TEST(TagPattern, TextIsCanonical) {
  EXPECT_EQ(compile_ok("  a.*\t b.**  ").text(), "a.* b.**");
}

TEST(TagPattern, RegexMustStartAndEndWithSlash) {
  std::string error;
  EXPECT_FALSE(TagPattern::compile("ok.** /abc", error));
  EXPECT_NE(error.find("invalid match - regex"), std::string::npos) << error;
  EXPECT_NE(error.find("/abc"), std::string::npos) << error;
}

TEST(TagPattern, InvalidRegexIsAnErrorNamingThePiece) {
  std::string error;
  EXPECT_FALSE(TagPattern::compile("/a(/", error));
  EXPECT_NE(error.find("/a(/"), std::string::npos) << error;
  EXPECT_NE(error.find("parenthesis"), std::string::npos) << error;
}

TEST(TagPattern, EveryBadPieceIsNamed) {
  std::string error;
  EXPECT_FALSE(TagPattern::compile("/x /y(/", error));
  EXPECT_NE(error.find("`/x`"), std::string::npos) << error;
  EXPECT_NE(error.find("`/y(/`"), std::string::npos) << error;
}

TEST(TagPattern, RegexPieceIsNotGroupedLikeFluentd) {
  // Regexp.new("\\A" + "a|b" + "\\Z"): only the first branch is anchored at
  // the start and only the last at the end.
  TagPattern p = compile_ok("/a|b/");
  EXPECT_TRUE(p.match("a"));
  EXPECT_TRUE(p.match("axx"));
  EXPECT_TRUE(p.match("xxb"));
  EXPECT_FALSE(p.match("xax"));
}

TEST(TagPattern, RegexMatchesUtf8Characters) {
  TagPattern p = compile_ok("/a.b/");
  EXPECT_TRUE(
      p.match("a\xc3\xa9"
              "b"));  // "aéb": one character in between
  EXPECT_FALSE(
      p.match("a\xff\xfe"
              "b"));  // invalid UTF-8 never matches '.' twice
}

TEST(TagPattern, CopiesShareCompiledPieces) {
  TagPattern a = compile_ok("x.* y");
  TagPattern b = a;
  ASSERT_EQ(b.pieces().size(), 2u);
  EXPECT_EQ(a.pieces()[0].get(), b.pieces()[0].get());
  EXPECT_TRUE(b.match("x.q"));
}

// ---- the oracle: verdicts of Fluentd's own match.rb (see data/gen_*.rb)

std::string decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct OracleRow {
  std::string pattern, tag, verdict;
};

std::vector<OracleRow> oracle_rows() {
  std::ifstream in(std::string(FERRY_ROUTER_TEST_DATA) + "/fluentd_match_cases.tsv");
  std::vector<OracleRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    size_t a = line.find('\t'), b = line.rfind('\t');
    rows.push_back(
        {decode(line.substr(0, a)), decode(line.substr(a + 1, b - a - 1)), line.substr(b + 1)});
  }
  return rows;
}

TEST(TagPattern, AgreesWithFluentdMatchRb) {
  auto rows = oracle_rows();
  ASSERT_GT(rows.size(), 10000u);
  size_t checked = 0;
  for (const OracleRow& row : rows) {
    std::string error;
    auto piece = PatternPiece::compile(row.pattern, error);
    if (row.verdict == "error") {
      EXPECT_EQ(piece, nullptr) << "pattern `" << row.pattern << "` should be rejected";
      continue;
    }
    ASSERT_NE(piece, nullptr) << "pattern `" << row.pattern << "`: " << error;
    EXPECT_EQ(piece->match(row.tag), row.verdict == "1")
        << "pattern `" << row.pattern << "` tag \"" << row.tag << "\" program " << piece->program();
    ++checked;
  }
  EXPECT_GT(checked, 10000u);
}

// The dry-run analysis works on automata built from the same parse; they
// must say exactly what the matcher says.
TEST(TagPattern, AutomatonAgreesWithMatcher) {
  size_t checked = 0;
  for (const OracleRow& row : oracle_rows()) {
    if (row.verdict == "error") continue;
    std::string error;
    auto piece = PatternPiece::compile(row.pattern, error);
    ASSERT_NE(piece, nullptr);
    Answer a = automaton_matches(*piece, row.tag);
    if (piece->kind() == pattern::PieceKind::Regex) {
      EXPECT_EQ(a, Answer::Unknown);
      continue;
    }
    EXPECT_EQ(a == Answer::Yes, piece->match(row.tag))
        << "pattern `" << row.pattern << "` tag \"" << row.tag << "\"";
    ++checked;
  }
  EXPECT_GT(checked, 10000u);
}

}  // namespace
}  // namespace ferry::router
