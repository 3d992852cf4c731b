// Fluentd v1 lexical rules (fluentd-compat.md 1.1-1.2, literal_parser.rb).
#include <gtest/gtest.h>

#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

using testing::all_messages;
using testing::parse;
using testing::value_of;

TEST(V1Sections, NestedSectionsWithArguments) {
  auto p = parse(
      "<match app.**>\n"
      "  @type file\n"
      "  <buffer tag, time>\n"
      "    timekey 1h\n"
      "  </buffer>\n"
      "  <format>\n"
      "    @type json\n"
      "  </format>\n"
      "</match>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  ASSERT_EQ(p.root.children.size(), 1u);
  const Element& match = p.root.children[0];
  EXPECT_EQ(match.name, "match");
  EXPECT_EQ(match.arg, "app.**");
  EXPECT_EQ(match.get("@type"), "file");
  ASSERT_EQ(match.children.size(), 2u);
  EXPECT_EQ(match.children[0].name, "buffer");
  EXPECT_EQ(match.children[0].arg, "tag, time");
  EXPECT_EQ(match.children[0].get("timekey"), "1h");
  EXPECT_EQ(match.children[1].name, "format");
  EXPECT_EQ(match.children[1].arg, "");
}

TEST(V1Sections, ArgumentForms) {
  auto p = parse(
      "<match  a.** b.*   >\n</match>\n"
      "<match \"app.#{ENV['HOME']}\">\n</match>\n"
      "<match 'x y'>\n</match>\n"
      "<filter>\n</filter>\n"
      "<source> # trailing comment\n</source> # another\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  ASSERT_EQ(p.root.children.size(), 5u);
  EXPECT_EQ(p.root.children[0].arg, "a.** b.*");
  EXPECT_EQ(p.root.children[1].arg, "app./compat-home");
  EXPECT_EQ(p.root.children[2].arg, "x y");
  EXPECT_EQ(p.root.children[3].arg, "");  // the router reads an empty pattern as **
  EXPECT_EQ(p.root.children[4].name, "source");
}

TEST(V1Sections, ElementNamesAllowDigitsAndUnderscore) {
  auto p = parse("<my_section2 x>\nk v\n</my_section2>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.children[0].name, "my_section2");
}

TEST(V1Sections, Locations) {
  auto p = parse("# header\n<source>\n  @type sample\n  tag   app.x\n</source>\n",
                 testing::test_options(), "conf/a.conf");
  ASSERT_FALSE(p.diag.has_errors());
  const Element& s = p.root.children[0];
  EXPECT_EQ(s.where.str(), "conf/a.conf:2:1");
  const Entry* tag = s.find("tag");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->where.str(), "conf/a.conf:4:3");
  EXPECT_EQ(tag->value_where.str(), "conf/a.conf:4:9");
}

TEST(V1Sections, ColumnsCountCharactersNotBytes) {
  auto p = parse("<source>\n  é_key  value\n</source>\n");
  const Entry* e = p.root.children[0].find("é_key");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value_where.column, 10u);
}

TEST(V1Keys, KeyWithoutValueIsEmptyString) {
  auto p = parse("<source>\n  flag\n  other   \n</source>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  const Element& s = p.root.children[0];
  EXPECT_EQ(s.get("flag"), "");
  EXPECT_EQ(s.get("other"), "");
}

TEST(V1Keys, FlagAtEndOfFileWithoutNewline) {
  auto p = parse("flag");
  ASSERT_FALSE(p.diag.has_errors());
  EXPECT_EQ(p.root.get("flag"), "");
}

TEST(V1Keys, QuotedKeys) {
  auto p = parse("\"a key\" 1\n'b#c' 2\n\"#{ENV['PORT']}\" 3\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("a key"), "1");
  EXPECT_EQ(p.root.get("b#c"), "2");
  EXPECT_EQ(p.root.get("24224"), "3");
}

TEST(V1Keys, DuplicatesKeptLastWins) {
  auto p = parse("<source>\n  tag a\n  tag b\n</source>\n");
  const Element& s = p.root.children[0];
  ASSERT_EQ(s.entries.size(), 2u);
  EXPECT_EQ(s.entries[0].value, "a");
  EXPECT_EQ(s.get("tag"), "b");
  EXPECT_EQ(s.find("tag")->where.line, 3u);
}

TEST(V1Unquoted, RestOfLineTrailingBlanksStripped) {
  EXPECT_EQ(value_of("path /var/log/a b c  \t", "path"), "/var/log/a b c");
  EXPECT_EQ(value_of("path    leading", "path"), "leading");
  EXPECT_EQ(value_of("x \\t\\n\\d", "x"), "\\t\\n\\d");            // no escapes
  EXPECT_EQ(value_of("x #{ENV['HOME']}", "x"), "#{ENV['HOME']}");  // no interpolation
  EXPECT_EQ(value_of("x t\"", "x"), "t\"");
  EXPECT_EQ(value_of("x a]b}", "x"), "a]b}");
}

TEST(V1Comments, OnlyAtLineStartOrAfterBlank) {
  EXPECT_EQ(value_of("path /a/b#c", "path"), "/a/b#c");
  EXPECT_EQ(value_of("path /a/b #c", "path"), "/a/b");
  EXPECT_EQ(value_of("path /a/b\t# c d", "path"), "/a/b");
  EXPECT_EQ(value_of("  # a whole-line comment\npath x", "path"), "x");
  // As in Fluentd: a value that starts with '#' is the value, not a comment.
  EXPECT_EQ(value_of("flag #not-a-comment", "flag"), "#not-a-comment");
  EXPECT_EQ(value_of("q \"a#b\" # comment", "q"), "a#b");
  EXPECT_EQ(value_of("q 'a #b' # comment", "q"), "a #b");
}

TEST(V1Comments, CommentLinesBetweenEverything) {
  auto p = parse("# one\n#two\n<source> # c\n  # inner\n  @type x # c\n</source>\n# end");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.children[0].get("@type"), "x");
  EXPECT_EQ(p.root.children[0].entries.size(), 1u);
}

TEST(V1SingleQuoted, OnlyQuoteAndBackslashEscapes) {
  EXPECT_EQ(value_of("x ''", "x"), "");
  EXPECT_EQ(value_of("x 'it\\'s'", "x"), "it's");
  EXPECT_EQ(value_of("x 'a\\\\b'", "x"), "a\\b");
  EXPECT_EQ(value_of("x '\\t\\n\\d\\$'", "x"), "\\t\\n\\d\\$");
  EXPECT_EQ(value_of("x '#{ENV[\"HOME\"]}'", "x"), "#{ENV[\"HOME\"]}");
  EXPECT_EQ(value_of("x '^\\d+ [a-z]$'", "x"), "^\\d+ [a-z]$");
}

TEST(V1SingleQuoted, SpansLines) {
  EXPECT_EQ(value_of("x 'line1\nline2'", "x"), "line1\nline2");
}

TEST(V1DoubleQuoted, Escapes) {
  EXPECT_EQ(value_of("x \"\"", "x"), "");
  EXPECT_EQ(value_of("x \"a\\\"b\"", "x"), "a\"b");
  EXPECT_EQ(value_of("x \"\\'\"", "x"), "'");
  EXPECT_EQ(value_of("x \"\\\\\"", "x"), "\\");
  EXPECT_EQ(value_of("x \"\\r\\n\\t\\f\\b\"", "x"), "\r\n\t\f\b");
  EXPECT_EQ(value_of("x \"a\\0b\"", "x"), std::string("a\0b", 3));
  EXPECT_EQ(value_of("x \"\\$t\\.\\[\\@\"", "x"), "$t.[@");
  EXPECT_EQ(value_of("x \"\\#{ENV['HOME']}\"", "x"), "#{ENV['HOME']}");
  EXPECT_EQ(value_of("x \"\\\\#{ENV['HOME']}\"", "x"), "\\/compat-home");
}

TEST(V1DoubleQuoted, MultiLineAndContinuation) {
  EXPECT_EQ(value_of("x \"t\nt\"", "x"), "t\nt");
  EXPECT_EQ(value_of("x \"a\n\nb\"", "x"), "a\n\nb");
  EXPECT_EQ(value_of("x \"t\\\nt\"", "x"), "tt");
  EXPECT_EQ(value_of("x \"t\\\r\nt\"", "x"), "tt");
}

TEST(V1DoubleQuoted, Interpolation) {
  EXPECT_EQ(value_of("x \"#{ENV['HOME']}/buffer\"", "x"), "/compat-home/buffer");
  EXPECT_EQ(value_of("x \"#{Socket.gethostname}-#{ENV[\"PORT\"]}\"", "x"),
            "web01.example.com-24224");
  EXPECT_EQ(value_of("x \"#{}\"", "x"), "");
  EXPECT_EQ(value_of("x \"a#b #c\"", "x"), "a#b #c");
  EXPECT_EQ(value_of("x \"#{\"}\"}\"", "x"), "}");
}

TEST(V1DoubleQuoted, UseNilAndUseDefault) {
  auto p = parse(
      "<source>\n  a \"#{use_nil}\"\n  b \"x#{use_default}\"\n  c \"#{ENV['NOPE'] || "
      "use_nil}\"\n</source>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  const Element& s = p.root.children[0];
  EXPECT_TRUE(s.find("a")->nil);
  EXPECT_EQ(s.get("a"), std::nullopt);
  EXPECT_TRUE(s.find("b")->use_default);
  EXPECT_FALSE(s.find("b")->nil);
  EXPECT_TRUE(s.find("c")->nil);
}

TEST(V1Values, ReservedParametersParseLikeOthers) {
  auto p = parse(
      "<source>\n  @type   \"sample\"\n  @id in1\n  @label @OUT\n  @log_level debug\n</source>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  const Element& s = p.root.children[0];
  EXPECT_EQ(s.get("@type"), "sample");
  EXPECT_EQ(s.get("@label"), "@OUT");
}

TEST(V1Values, CarriageReturnLineEndings) {
  auto p = parse("<source>\r\n  @type sample\r\n  tag a.b \r\n</source>\r\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.children[0].get("tag"), "a.b");
  EXPECT_EQ(p.root.children[0].get("@type"), "sample");
}

}  // namespace
}  // namespace ferry::config
