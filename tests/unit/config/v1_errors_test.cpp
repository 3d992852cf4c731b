// Every v1 syntax error names file:line:col and the offending text, and
// parsing goes on so that all errors of a file are reported at once.
#include <gtest/gtest.h>

#include <vector>

#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

using testing::all_messages;
using testing::parse;

std::vector<std::string> lines_of(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& item : d.items()) out.push_back(Diagnostics::format(item));
  return out;
}

// The recorded compat case cfgerr_syntax_unclosed_section: Fluentd says
// "expected end tag '</match>' but got end of file at fluent.conf line 8,15".
TEST(V1Errors, UnclosedSectionLikeFluentd) {
  auto p = parse(
      "<source>\n  @type http\n  bind 127.0.0.1\n  port 39880\n</source>\n\n"
      "<match app.**>\n  @type stdout\n",
      testing::test_options(), "fluent.conf");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{
                "fluent.conf:8:15: error: expected end tag '</match>' but got end of file "
                "(<match> opened at fluent.conf:7:1): `<match app.**>`"});
  // What was read is kept.
  ASSERT_EQ(p.root.children.size(), 2u);
  EXPECT_EQ(p.root.children[1].get("@type"), "stdout");
}

TEST(V1Errors, UnclosedWithoutFinalNewline) {
  auto p = parse("<source>\n  @type x", testing::test_options(), "f.conf");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), "f.conf:2:10");
}

TEST(V1Errors, OnlyTheInnermostUnclosedSectionIsReported) {
  auto p = parse("<match a>\n  <buffer>\n    k v\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << all_messages(p.diag);
  EXPECT_NE(p.diag.items()[0].message.find("expected end tag '</buffer>'"), std::string::npos);
}

TEST(V1Errors, UnmatchedEndTagAtTopLevel) {
  auto p = parse("k v\n</match>\nafter 1\n");
  EXPECT_EQ(
      lines_of(p.diag),
      std::vector<std::string>{
          "test.conf:2:1: error: unmatched end tag </match>: no section is open: `</match>`"});
  EXPECT_EQ(p.root.get("after"), "1");
}

TEST(V1Errors, UnmatchedEndTagInsideASection) {
  auto p = parse("<match a>\n  @type x\n  </buffer>\n  k v\n</match>\n");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{
                "test.conf:3:3: error: unmatched end tag: expected '</match>' (for <match> "
                "opened at test.conf:1:1) but got '</buffer>': `</buffer>`"});
  EXPECT_EQ(p.root.children[0].get("k"), "v");
}

TEST(V1Errors, EndTagOfAnEnclosingSectionClosesTheInnerOne) {
  auto p = parse("<label @A>\n  <match x>\n    @type y\n</label>\n<source>\n</source>\n");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{
                "test.conf:4:1: error: unmatched end tag: expected '</match>' (for <match> "
                "opened at test.conf:2:3) but got '</label>': `</label>`"});
  ASSERT_EQ(p.root.children.size(), 2u);
  EXPECT_EQ(p.root.children[0].children[0].get("@type"), "y");
  EXPECT_EQ(p.root.children[1].name, "source");
}

TEST(V1Errors, QuotedArgumentMustBeTheWholeArgument) {
  auto p = parse("<match \"a\" b.*>\n  @type x\n</match>\n");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{
                "test.conf:1:11: error: expected '>' (a quoted section argument must hold the "
                "whole argument): `<match \"a\" b.*>`"});
  // Parsing goes on inside the section.
  EXPECT_EQ(p.root.children[0].get("@type"), "x");
}

TEST(V1Errors, TextAfterTags) {
  auto p = parse("<source> junk\n</source> more\n");
  EXPECT_EQ(lines_of(p.diag),
            (std::vector<std::string>{
                "test.conf:1:10: error: expected end of line after tag: `junk`",
                "test.conf:2:11: error: expected end of line after end tag: `more`"}));
}

TEST(V1Errors, TextAfterTheClosingBracket) {
  auto p = parse("<source>x\n</source>\n<match a> x\n</match>\n");
  EXPECT_EQ(lines_of(p.diag), (std::vector<std::string>{
                                  "test.conf:1:9: error: expected end of line after tag: `x`",
                                  "test.conf:3:11: error: expected end of line after tag: `x`"}));
}

TEST(V1Errors, MissingSectionName) {
  auto p = parse("< source>\n</source>\n");
  ASSERT_GE(p.diag.error_count(), 1u);
  EXPECT_EQ(Diagnostics::format(p.diag.items()[0]),
            "test.conf:1:2: error: expected a section name after '<' (letters, digits and '_'): "
            "`< source>`");
}

TEST(V1Errors, EndTagWithoutBracket) {
  auto p = parse("<source>\n</source\n");
  ASSERT_GE(p.diag.error_count(), 1u);
  EXPECT_EQ(Diagnostics::format(p.diag.items()[0]),
            "test.conf:2:9: error: expected '>' to end the end tag '</source': `</source`");
}

TEST(V1Errors, UnknownBackslashEscape) {
  auto p = parse("<parse>\n  expression \"^(?<id>\\d+)$\"\n  next 1\n</parse>\n");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{
                "test.conf:2:22: error: unexpected back-slash escape character 'd' in a double "
                "quoted string (write '\\\\d', or single-quote the value to keep backslashes as "
                "they are): `\\d`"});
  EXPECT_EQ(p.root.children[0].get("next"), "1");
}

TEST(V1Errors, UnterminatedQuotedStrings) {
  auto p = parse("<source>\n  a \"abc\n</source>\n");
  EXPECT_EQ(lines_of(p.diag),
            (std::vector<std::string>{
                "test.conf:3:10: error: unexpected end of file in a double quoted string (opened "
                "at test.conf:2:5): `\"abc`",
                "test.conf:3:10: error: expected end tag '</source>' but got end of file "
                "(<source> opened at test.conf:1:1): `<source>`"}));
  p = parse("a 'abc");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{"test.conf:1:7: error: unexpected end of file in a single "
                                     "quoted string (opened at test.conf:1:3): `'abc`"});
}

TEST(V1Errors, TextAfterAQuotedValue) {
  auto p = parse("a \"x\" y\nb 'x' # fine\n");
  EXPECT_EQ(lines_of(p.diag),
            std::vector<std::string>{"test.conf:1:7: error: expected end of line: `y`"});
  EXPECT_EQ(p.root.get("b"), "x");
}

TEST(V1Errors, QuotedKeyGluedToValue) {
  auto p = parse("\"a\"b c\nd e\n");
  EXPECT_EQ(
      lines_of(p.diag),
      std::vector<std::string>{
          "test.conf:1:4: error: expected a blank between the key and its value: `\"a\"b c`"});
  EXPECT_EQ(p.root.get("d"), "e");
}

TEST(V1Errors, UnsupportedEmbeddedRubyNamesTheExpression) {
  auto p = parse("<source>\n  tag \"app.#{Time.now.to_i}\"\n</source>\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  const Diagnostic& d = p.diag.items()[0];
  EXPECT_EQ(d.where.str(), "test.conf:2:12");
  EXPECT_EQ(d.message.rfind("embedded Ruby `Time.now.to_i` is not supported by Ferry; supported "
                            "forms: Socket.gethostname, hostname, worker_id, ENV['X']",
                            0),
            0u)
      << d.message;
}

TEST(V1Errors, EmbeddedRubyErrorsInKeysArgsAndJson) {
  auto p = parse(
      "<match \"#{ENV.fetch('NOPE')}\">\n"
      "  \"#{Foo}\" 1\n"
      "  list [\"#{Bar}\"]\n"
      "</match>\n");
  std::vector<std::string> where;
  for (const auto& d : p.diag.items()) where.push_back(d.where.str());
  EXPECT_EQ(where, (std::vector<std::string>{"test.conf:1:9", "test.conf:2:4", "test.conf:3:10"}))
      << all_messages(p.diag);
  EXPECT_NE(p.diag.items()[0].message.find("key not found: \"NOPE\""), std::string::npos);
}

TEST(V1Errors, EmbeddedCodeNotClosed) {
  auto p = parse("a \"#{ENV['X']\"\nb 1\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << all_messages(p.diag);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:4");
  EXPECT_EQ(p.diag.items()[0].message, "embedded Ruby code is not closed with '}'");
  EXPECT_EQ(p.root.get("b"), "1");
}

TEST(V1Errors, UseDefaultInSectionArgument) {
  auto p = parse("<match \"#{use_default}\">\n</match>\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:8");
  // use_nil in an argument gives the empty argument, as in Fluentd.
  p = parse("<match \"#{use_nil}\">\n</match>\n");
  EXPECT_FALSE(p.diag.has_errors());
  EXPECT_EQ(p.root.children[0].arg, "");
}

TEST(V1Errors, AllErrorsOfAFileAtOnce) {
  auto p = parse(
      "<source>\n"                 // 1
      "  @type sample\n"           // 2
      "  tag \"a\\qb\"\n"          // 3 bad escape
      "  rate 1 \n"                // 4 fine
      "</source> x\n"              // 5 text after end tag
      "<match \"a\" b>\n"          // 6 expected '>'
      "  @type \"#{Time.now}\"\n"  // 7 unsupported ruby
      "  pattern [0-9]\n"          // 8 invalid JSON
      "</filter>\n"                // 9 unmatched end tag
      "</match>\n"                 // 10
      "<label @X>\n"               // 11
      "  k 'unterminated\n");      // 12 EOF in string (+ unclosed label)
  std::vector<std::string> where;
  for (const auto& d : p.diag.items()) where.push_back(d.where.str());
  EXPECT_EQ(where, (std::vector<std::string>{"test.conf:3:9", "test.conf:5:11", "test.conf:6:11",
                                             "test.conf:7:10", "test.conf:8:13", "test.conf:9:1",
                                             "test.conf:12:18", "test.conf:12:18"}))
      << all_messages(p.diag);
  EXPECT_EQ(p.diag.error_count(), 8u);
  EXPECT_EQ(p.root.children[0].get("rate"), "1");
}

}  // namespace
}  // namespace ferry::config

namespace ferry::config {
namespace {

// Bad input never crashes: random mixes of the syntax characters parse to
// some tree plus diagnostics.
TEST(V1Errors, RandomInputNeverCrashes) {
  const std::string alphabet = "<>/\"'\\#{}[],: \t\n\rabc@_-.01";
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t len = next() % 80;
    for (size_t i = 0; i < len; ++i) text += alphabet[next() % alphabet.size()];
    for (const char* prefix : {"", "<a>\n k ", "x [", "y \"#{"}) {
      auto p = testing::parse(prefix + text);
      for (const auto& d : p.diag.items()) {
        EXPECT_GE(d.where.line, 1u) << text;
        EXPECT_GE(d.where.column, 1u) << text;
      }
    }
  }
}

}  // namespace
}  // namespace ferry::config
