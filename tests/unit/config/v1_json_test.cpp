// Values starting with '[' or '{' are JSON literals (literal_parser.rb scan_json).
#include <gtest/gtest.h>

#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

using testing::all_messages;
using testing::parse;
using testing::value_of;

TEST(V1Json, CompactReserialisation) {
  EXPECT_EQ(value_of("x []", "x"), "[]");
  EXPECT_EQ(value_of("x [ 1 , 2 ]", "x"), "[1,2]");
  EXPECT_EQ(value_of("x [1,\n 2]", "x"), "[1,2]");
  EXPECT_EQ(value_of("x {}", "x"), "{}");
  EXPECT_EQ(value_of("x { \"a\" : 1 , \"b\" : \"c\" }", "x"), "{\"a\":1,\"b\":\"c\"}");
  EXPECT_EQ(value_of("x [true, false, null, \"s\", {\"n\": [1]}]", "x"),
            "[true,false,null,\"s\",{\"n\":[1]}]");
}

TEST(V1Json, MultiLineThenMoreEntries) {
  auto p = parse(
      "<source>\n"
      "  keys [\n"
      "    \"a\",\n"
      "    \"b\"\n"
      "  ]\n"
      "  record {\n"
      "    \"k\": \"v\"\n"
      "  }\n"
      "  after 1\n"
      "</source>\n");
  ASSERT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  const Element& s = p.root.children[0];
  EXPECT_EQ(s.get("keys"), "[\"a\",\"b\"]");
  EXPECT_EQ(s.get("record"), "{\"k\":\"v\"}");
  EXPECT_EQ(s.get("after"), "1");
  EXPECT_EQ(s.find("after")->where.line, 9u);
}

TEST(V1Json, CommentsBetweenElements) {
  EXPECT_EQ(value_of("x [\n \"a\", # this is a\n \"b\", # this is b\n \"c\"  # this is c\n]", "x"),
            "[\"a\",\"b\",\"c\"]");
  EXPECT_EQ(value_of("x {\n \"a\": 1, # this is a\n \"b\": 2 # b\n}", "x"), "{\"a\":1,\"b\":2}");
  EXPECT_EQ(value_of("x [\n \"a\", // js comment\n /* block */ \"b\"\n]", "x"), "[\"a\",\"b\"]");
  EXPECT_EQ(value_of("x [\"a#b\", \"#c\"]", "x"), "[\"a#b\",\"#c\"]");
}

TEST(V1Json, NumbersAsRubyPrintsThem) {
  EXPECT_EQ(value_of("x [1.50, 1e2, -0, -0.0, 1E-5, 123456789012345678901234567890]", "x"),
            "[1.5,100.0,0,-0.0,1.0e-05,123456789012345678901234567890]");
}

TEST(V1Json, StringsAsRubyGeneratesThem) {
  EXPECT_EQ(value_of("x [\"\\u00e9\\/\\n\\t\\\"\\\\\\u0001\"]", "x"),
            "[\"é/\\n\\t\\\"\\\\\\u0001\"]");
  EXPECT_EQ(value_of("x [\"\\ud83d\\ude00\"]", "x"), "[\"😀\"]");
}

TEST(V1Json, DuplicateKeysLastValueFirstPlace) {
  EXPECT_EQ(value_of("x {\"a\": 1, \"b\": 2, \"a\": 3}", "x"), "{\"a\":3,\"b\":2}");
}

TEST(V1Json, EmbeddedRubyInStrings) {
  EXPECT_EQ(value_of("x [\"a\", \"#{hostname}\"]", "x"), "[\"a\",\"web01.example.com\"]");
  EXPECT_EQ(value_of("x {\"home\": \"#{ENV['HOME']}/x\", \"#{ENV['PORT']}\": 1}", "x"),
            "{\"home\":\"/compat-home/x\",\"24224\":1}");
  EXPECT_EQ(value_of("x [\"#{}\"]", "x"), "[\"#{}\"]");  // empty body stays literal
  EXPECT_EQ(value_of("x [\"\\#{hostname}\"]", "x"), "[\"#{hostname}\"]");
}

TEST(V1Json, EmbeddedRubyAsABareValue) {
  EXPECT_EQ(value_of("x {\"port\": #{ENV['PORT']}}", "x"), "{\"port\":24224}");
  auto p = parse("x {\"a\": #{ENV['HOME']}}\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:9");
  EXPECT_NE(p.diag.items()[0].message.find("`/compat-home` is not a JSON value"),
            std::string::npos);
}

TEST(V1Json, OnlyUnquotedValuesAreJson) {
  EXPECT_EQ(value_of("x '[1, 2]'", "x"), "[1, 2]");
  EXPECT_EQ(value_of("x \"[1, 2]\"", "x"), "[1, 2]");
  EXPECT_EQ(value_of("x a[1, 2]", "x"), "a[1, 2]");
}

TEST(V1Json, JsonEndsTheValue) {
  auto p = parse("x [1] trailing\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(Diagnostics::format(p.diag.items()[0]),
            "test.conf:1:7: error: expected end of line: `trailing`");
  EXPECT_EQ(p.root.get("x"), "[1]");
  p = parse("x [1] # comment\ny 2\n");
  EXPECT_FALSE(p.diag.has_errors()) << all_messages(p.diag);
  EXPECT_EQ(p.root.get("y"), "2");
}

TEST(V1Json, UnquotedRegexIsInvalidJson) {
  // Fluentd reads `[0-9]+` as JSON too; it then consumes the rest of the
  // file. Ferry stops at the first impossible character and goes on.
  auto p = parse("<filter>\n  pattern [0-9]+\n  other ok\n</filter>\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << all_messages(p.diag);
  const Diagnostic& d = p.diag.items()[0];
  EXPECT_EQ(d.where.str(), "test.conf:2:13");
  EXPECT_EQ(d.message,
            "invalid JSON array configuration: expected ',' or ']' but got '-'; a value starting "
            "with '[' is read as JSON (Fluentd does the same): quote the value if it is not meant "
            "as JSON");
  EXPECT_EQ(d.text, "[0-9]+");
  EXPECT_EQ(p.root.children[0].get("other"), "ok");
}

TEST(V1Json, TrailingCommaIsAnError) {
  auto p = parse("x [1,2,]\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:8");
  EXPECT_NE(p.diag.items()[0].message.find("expected a JSON value but got ']'"), std::string::npos);
}

TEST(V1Json, IncompleteAtEndOfFile) {
  auto p = parse("<source>\n  @type x\n  keys [\"a\",\n   \"b\"\n");
  ASSERT_GE(p.diag.error_count(), 1u);
  const Diagnostic& d = p.diag.items()[0];
  EXPECT_EQ(d.where.str(), "test.conf:3:8");
  EXPECT_EQ(d.message.rfind("got incomplete JSON array configuration", 0), 0u) << d.message;
  EXPECT_EQ(d.text, "[\"a\",");
  p = parse("x {\"a\": 1\n");
  ASSERT_EQ(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].message.rfind("got incomplete JSON hash configuration", 0), 0u);
}

TEST(V1Json, UnclosedBeforeTheEndTag) {
  // Fluentd would read on to the end of the file; the first character that
  // cannot continue the JSON is reported instead.
  auto p = parse("<source>\n  @type x\n  keys [\"a\",\n   \"b\"\n</source>\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << testing::all_messages(p.diag);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:5:1");
  EXPECT_NE(p.diag.items()[0].message.find("expected ',' or ']' but got '<'"), std::string::npos);
}

TEST(V1Json, StringsMayNotSpanLines) {
  auto p = parse("x [\"a\nb\"]\n");
  ASSERT_GE(p.diag.error_count(), 1u);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:6");
}

TEST(V1Json, UseNilInsideJsonIsAnError) {
  auto p = parse("x [\"#{use_nil}\"]\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << all_messages(p.diag);
  EXPECT_EQ(p.diag.items()[0].where.str(), "test.conf:1:5");
}

}  // namespace
}  // namespace ferry::config
