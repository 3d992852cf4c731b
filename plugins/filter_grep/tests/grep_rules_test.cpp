// Fluentd's filter_grep semantics, case by case (test/plugin/test_filter_grep.rb
// covers the same ground upstream).
#include "grep_rules.hpp"

#include <gtest/gtest.h>

#include "format/msgpack_writer.hpp"
#include "test_support.hpp"

namespace ferry::grep {
namespace {

using testing::cond;
using testing::keeps;
using testing::RecordingSink;

GrepRules rules_of(const Settings& s, std::vector<std::string>* infos_out = nullptr) {
  std::vector<std::string> infos;
  GrepRules r(s, infos);
  if (infos_out) *infos_out = infos;
  return r;
}

// The example of Fluentd's documentation.
Settings documented() {
  Settings s;
  s.regexps = {cond("message", "/cool/"), cond("hostname", R"(/^web\d+\.example\.com$/)")};
  s.excludes = {cond("message", "/uncool/")};
  return s;
}

TEST(GrepRulesTest, TheDocumentedExample) {
  std::vector<std::string> infos;
  GrepRules r = rules_of(documented(), &infos);
  RecordingSink sink;
  EXPECT_TRUE(
      keeps(r, R"({"message":"It's cool outside today","hostname":"web001.example.com"})", sink));
  EXPECT_TRUE(keeps(r, R"({"message":"That's not cool","hostname":"web1337.example.com"})", sink));
  EXPECT_FALSE(keeps(
      r, R"({"message":"I am cool but you are uncool","hostname":"db001.example.com"})", sink));
  EXPECT_FALSE(keeps(r, R"({"hostname":"web001.example.com"})", sink));
  EXPECT_FALSE(keeps(r, R"({"message":"It's cool outside today"})", sink));
  EXPECT_EQ(infos, std::vector<std::string>{
                       "Top level multiple <regexp> is interpreted as 'and' condition"});
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(GrepRulesTest, TopLevelExcludesAreOr) {
  Settings s;
  s.excludes = {cond("a", "x"), cond("b", "y")};
  std::vector<std::string> infos;
  GrepRules r = rules_of(s, &infos);
  RecordingSink sink;
  EXPECT_FALSE(keeps(r, R"({"a":"x","b":"n"})", sink));
  EXPECT_FALSE(keeps(r, R"({"a":"n","b":"y"})", sink));
  EXPECT_TRUE(keeps(r, R"({"a":"n","b":"n"})", sink));
  EXPECT_EQ(infos, std::vector<std::string>{
                       "Top level multiple <exclude> is interpreted as 'or' condition"});
}

TEST(GrepRulesTest, AndOfExcludesDropsOnlyWhenAllMatch) {
  Settings s;
  s.ands = {
      Group{{}, {cond("container", R"(/^app\d{2}/)"), cond("level", "/^(?:debug|trace)$/")}, ""}};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  EXPECT_FALSE(keeps(r, R"({"container":"app01","level":"debug"})", sink));
  EXPECT_TRUE(keeps(r, R"({"container":"app01","level":"info"})", sink));
  EXPECT_TRUE(keeps(r, R"({"container":"db01","level":"debug"})", sink));
}

TEST(GrepRulesTest, OrOfRegexpsKeepsWhenAnyMatches) {
  Settings s;
  s.ors = {Group{{cond("status", "^5"), cond("latency", R"(^\d{4,}$)")}, {}, ""}};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  EXPECT_TRUE(keeps(r, R"({"status":503,"latency":12})", sink));
  EXPECT_TRUE(keeps(r, R"({"status":200,"latency":12000})", sink));
  EXPECT_FALSE(keeps(r, R"({"status":200,"latency":12})", sink));
}

TEST(GrepRulesTest, AndOfRegexpsAndOrOfExcludes) {
  Settings s;
  s.ands = {Group{{cond("a", "1"), cond("b", "2")}, {}, ""}};
  s.ors = {Group{{}, {cond("c", "bad"), cond("d", "bad")}, ""}};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  EXPECT_TRUE(keeps(r, R"({"a":1,"b":2})", sink));
  EXPECT_FALSE(keeps(r, R"({"a":1,"b":3})", sink));
  EXPECT_FALSE(keeps(r, R"({"a":1,"b":2,"d":"bad"})", sink));
}

TEST(GrepRulesTest, ValuesAreMatchedAsTheirRubyToS) {
  RecordingSink sink;
  auto one = [&](const char* key, const char* pattern, std::string_view record) {
    Settings s;
    s.regexps = {cond(key, pattern)};
    GrepRules r = rules_of(s);
    return keeps(r, record, sink);
  };
  EXPECT_TRUE(one("n", R"(/^200$/)", R"({"n":200})"));
  EXPECT_TRUE(one("f", R"(/^1\.0e\+20$/)", R"({"f":1e20})"));
  EXPECT_TRUE(one("f", R"(/^2\.2e-05$/)", R"({"f":2.2e-5})"));
  EXPECT_TRUE(one("f", R"(/^3\.0$/)", R"({"f":3.0})"));
  EXPECT_TRUE(one("b", "/^true$/", R"({"b":true})"));
  EXPECT_TRUE(one("m", R"(/^\{"a"=>1\}$/)", R"({"m":{"a":1}})"));
  EXPECT_TRUE(one("l", R"(/^\[1, nil\]$/)", R"({"l":[1,null]})"));
  EXPECT_TRUE(one("missing", "/^$/", R"({"n":1})"));  // nil.to_s is ""
  EXPECT_TRUE(one("z", "/^$/", R"({"z":null})"));
  EXPECT_FALSE(one("missing", "/./", R"({"n":1})"));
}

TEST(GrepRulesTest, PatternsAreRubyRegexps) {
  RecordingSink sink;
  auto one = [&](const char* pattern, std::string_view record) {
    Settings s;
    s.regexps = {cond("m", pattern)};
    GrepRules r = rules_of(s);
    return keeps(r, record, sink);
  };
  EXPECT_TRUE(one("/WARN/i", R"({"m":"a warn b"})"));
  EXPECT_FALSE(one("/WARN/", R"({"m":"a warn b"})"));
  EXPECT_TRUE(one("WARN", R"({"m":"xWARNx"})"));                      // bare form, unanchored
  EXPECT_TRUE(one("/^second$/", R"({"m":"first\nsecond\nthird"})"));  // ^ $ are line anchors
  EXPECT_FALSE(one("/a.b/", R"({"m":"a\nb"})"));
  EXPECT_TRUE(one("/a.b/m", R"({"m":"a\nb"})"));  // Ruby's m: dot matches newline
  EXPECT_TRUE(one(R"(/\h+/)", R"({"m":"zz 0fA zz"})"));
}

TEST(GrepRulesTest, NestedKeysAndDiggingIntoAScalarKeepsTheRecordWithAWarning) {
  Settings s;
  s.regexps = {cond("$.kubernetes.labels.app", "^web$")};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  EXPECT_TRUE(keeps(r, R"({"kubernetes":{"labels":{"app":"web"}}})", sink));
  EXPECT_FALSE(keeps(r, R"({"kubernetes":{"labels":{"app":"db"}}})", sink));
  EXPECT_FALSE(keeps(r, R"({"kubernetes":{}})", sink));
  EXPECT_TRUE(sink.warnings.empty());
  EXPECT_TRUE(keeps(r, R"({"kubernetes":{"labels":"flat"}})", sink));
  EXPECT_TRUE(keeps(r, R"({"kubernetes":{"labels":[1]}})", sink));
  EXPECT_TRUE(keeps(r, R"({"kubernetes":5})", sink));
  EXPECT_EQ(
      sink.warnings,
      (std::vector<std::string>{
          R"(failed to grep events error_class=TypeError error="String does not have #dig method")",
          R"(failed to grep events error_class=TypeError error="no implicit conversion of String into Integer")",
          R"(failed to grep events error_class=TypeError error="Integer does not have #dig method")"}));
}

TEST(GrepRulesTest, AnEarlierFailingConditionDropsBeforeALaterOneRaises) {
  Settings s;
  s.regexps = {cond("a", "^yes$"), cond("$.b.c", "x")};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  EXPECT_FALSE(keeps(r, R"({"a":"no","b":"scalar"})", sink));
  EXPECT_TRUE(sink.warnings.empty());
  EXPECT_TRUE(keeps(r, R"({"a":"yes","b":"scalar"})", sink));
  EXPECT_EQ(sink.warnings.size(), 1u);
}

TEST(GrepRulesTest, InvalidUtf8IsScrubbedAndLogged) {
  Settings s;
  s.regexps = {cond("m", R"(/^a\?b$/)")};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  std::string mp;
  format::mp_map_header(mp, 1);
  format::mp_str(mp, "m");
  format::mp_str(mp, "a\xffg");
  EXPECT_FALSE(testing::keeps_raw(r, mp, sink));
  mp.clear();
  format::mp_map_header(mp, 1);
  format::mp_str(mp, "m");
  format::mp_str(mp,
                 "a\xff"
                 "b");
  EXPECT_TRUE(testing::keeps_raw(r, mp, sink));
  ASSERT_EQ(sink.infos.size(), 2u);
  EXPECT_EQ(sink.infos[1],
            "invalid byte sequence is replaced in `a\xff"
            "b`");
}

TEST(GrepRulesTest, LegacyFlatParameters) {
  Settings s;
  s.legacy_regexps = {{1, "message cool"}, {2, "path /static/"}};
  s.legacy_excludes = {{1, "message uncool stuff"}};
  GrepRules r = rules_of(s);
  RecordingSink sink;
  // regexpN patterns are bare sources: /static/ matches the slashes too.
  EXPECT_TRUE(keeps(r, R"({"message":"cool","path":"/static/x.css"})", sink));
  EXPECT_FALSE(keeps(r, R"({"message":"cool","path":"static"})", sink));
  EXPECT_FALSE(keeps(r, R"({"message":"cool uncool stuff","path":"/static/"})", sink));
  EXPECT_TRUE(keeps(r, R"({"message":"cool uncool","path":"/static/"})", sink));
}

TEST(GrepRulesTest, ConfigurationErrorsUseFluentdsMessages) {
  Settings s;
  s.location = "fluent.conf:1";
  s.legacy_regexps = {{1, "nopattern"}, {2, "a x"}, {3, "a y"}};
  s.legacy_excludes = {{4, "b x"}, {5, "b y"}};
  s.regexps = {cond("a", "z")};
  s.excludes = {cond("b", "z")};
  s.ands = {Group{{cond("c", "1")}, {cond("d", "1")}, "fluent.conf:9"},
            Group{{cond("a", "1")}, {}, "fluent.conf:12"}};
  s.ors = {Group{{cond("e", "1"), cond("e", "2")}, {}, "fluent.conf:15"}};
  EXPECT_EQ(testing::config_error(s),
            "fluent.conf:1: regexp1 does not contain 2 parameters\n"
            "fluent.conf:1: regexp3 contains a duplicated key, a\n"
            "fluent.conf:1: exclude5 contains a duplicated key, b\n"
            "fluent.conf:4: Duplicate key: a\n"
            "fluent.conf:4: Duplicate key: b\n"
            "fluent.conf:9: Do not specify both <regexp> and <exclude> in <and>\n"
            "fluent.conf:4: Duplicate key in <and>: a\n"
            "fluent.conf:4: Duplicate key in <or>: e");
}

TEST(GrepRulesTest, BadKeysAndPatternsAreConfigErrors) {
  Settings s;
  s.regexps = {cond("$.a b", "x"), cond("k", "/(unclosed/")};
  const std::string error = testing::config_error(s);
  EXPECT_NE(error.find("fluent.conf:4: <regexp> key `$.a b`: whitespace character is not allowed"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("fluent.conf:4: <regexp> pattern `/(unclosed/`: "), std::string::npos)
      << error;
}

TEST(GrepRulesTest, NoConditionIsEmpty) {
  EXPECT_TRUE(rules_of(Settings{}).empty());
  EXPECT_FALSE(rules_of(documented()).empty());
}

}  // namespace
}  // namespace ferry::grep
