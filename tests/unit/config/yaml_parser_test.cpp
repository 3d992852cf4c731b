// The YAML config form (Fluentd lib/fluent/config/yaml_parser): shapes,
// Psych's scalar typing, tags, !include, locations and errors.
#include "config/yaml_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "yaml_test_support.hpp"

namespace ferry::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> messages(const Diagnostics& d, Severity s) {
  std::vector<std::string> out;
  for (const auto& item : d.items())
    if (item.severity == s) out.push_back(item.message);
  return out;
}

class YamlParser : public ::testing::Test {
 protected:
  Element parse(const std::string& text, const std::string& name = "fluent.yaml") {
    std::string path = dir.write(name, text);
    return parse_yaml_file(path, opts, diag);
  }
  LoadOptions opts = [] {
    LoadOptions o;
    o.env = {{"FERRY_YAML_TEST", "from-env"}};
    o.use_process_env = false;
    o.hostname = "yamlhost";
    return o;
  }();
  testing::TempDir dir;
  Diagnostics diag;
};

TEST_F(YamlParser, DirectivesAndReservedKeys) {
  Element root = parse(R"(
system:
  log_level: debug
config:
  - source:
      $type: http
      $id: in_http
      port: 39880
  - filter:
      $tag: app.**
      $type: grep
  - match:
      $tag: [a.**, b.**]
      $type: stdout
      $log_level: warn
      $label: "@OUT"
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  ASSERT_EQ(root.name, "ROOT");
  ASSERT_EQ(root.children.size(), 4u);
  EXPECT_EQ(root.children[0].name, "system");
  EXPECT_EQ(root.children[0].get("log_level"), "debug");
  const Element& source = root.children[1];
  EXPECT_EQ(source.name, "source");
  EXPECT_EQ(source.arg, "");
  ASSERT_EQ(source.entries.size(), 3u);
  EXPECT_EQ(source.entries[0].key, "@type");
  EXPECT_EQ(source.entries[1].key, "@id");
  EXPECT_EQ(source.get("port"), "39880");
  EXPECT_EQ(root.children[2].arg, "app.**");
  const Element& match = root.children[3];
  EXPECT_EQ(match.arg, "a.**,b.**");  // joined with ",", as Fluentd does
  // Reserved keys come first, in Fluentd's order: @type, @label, @id, @log_level.
  ASSERT_EQ(match.entries.size(), 3u);
  EXPECT_EQ(match.entries[0].key, "@type");
  EXPECT_EQ(match.entries[1].key, "@label");
  EXPECT_EQ(match.entries[1].value, "@OUT");
  EXPECT_EQ(match.entries[2].key, "@log_level");
}

TEST_F(YamlParser, SystemComesFirstWhateverTheOrder) {
  Element root = parse("config:\n  - source: {$type: sample}\nsystem:\n  workers: 2\n");
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "system");
}

TEST_F(YamlParser, LabelAndWorker) {
  Element root = parse(R"(
config:
  - label:
      $name: "@ERR"
      config:
        - match: {$tag: "**", $type: stdout}
  - worker:
      $arg: 0
      config:
        - source: {$type: sample}
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].name, "label");
  EXPECT_EQ(root.children[0].arg, "@ERR");
  ASSERT_EQ(root.children[0].children.size(), 1u);
  EXPECT_EQ(root.children[0].children[0].arg, "**");
  EXPECT_EQ(root.children[1].name, "worker");
  EXPECT_EQ(root.children[1].arg, "0");
  EXPECT_EQ(root.children[1].children[0].name, "source");
}

TEST_F(YamlParser, NestedSectionsArgsAndLists) {
  Element root = parse(R"(
config:
  - match:
      $tag: app.**
      $type: file
      keys: [a, 1, true]
      buffer:
        $arg: [tag, time]
        timekey: 1h
      server:
        - {host: a, port: 1}
        - {$arg: second, host: b}
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  const Element& m = root.children.at(0);
  EXPECT_EQ(m.get("keys"), R"(["a",1,true])");  // Fluentd keeps the Array; JSON reads back the same
  ASSERT_EQ(m.children.size(), 3u);
  EXPECT_EQ(m.children[0].name, "buffer");
  EXPECT_EQ(m.children[0].arg, "tag,time");
  EXPECT_EQ(m.children[0].get("timekey"), "1h");
  EXPECT_EQ(m.children[1].name, "server");
  EXPECT_EQ(m.children[1].get("host"), "a");
  EXPECT_EQ(m.children[2].name, "server");
  EXPECT_EQ(m.children[2].arg, "second");
}

TEST_F(YamlParser, PlainScalarsFollowPsych) {
  Element root = parse(R"(
config:
  - source:
      $type: sample
      flag_on: on
      flag_yes: Yes
      quoted_on: "on"
      nothing: ~
      empty:
      octal: 0755
      float: 1.50
      big_float: 1.0e+20
      commas: 1,000
      symbol: :json
      text: hello world
      dotted: 127.0.0.1
      date: 2023-1-5
)");
  const Element& s = root.children.at(0);
  EXPECT_EQ(s.get("flag_on"), "true");
  EXPECT_EQ(s.get("flag_yes"), "true");
  EXPECT_EQ(s.get("quoted_on"), "on");
  ASSERT_NE(s.find("nothing"), nullptr);
  EXPECT_TRUE(s.find("nothing")->nil);
  EXPECT_TRUE(s.find("empty")->nil);
  EXPECT_EQ(s.get("octal"), "493");
  EXPECT_EQ(s.get("float"), "1.5");
  EXPECT_EQ(s.get("big_float"), "1.0e+20");
  EXPECT_EQ(s.get("commas"), "1000");
  EXPECT_EQ(s.get("symbol"), "json");
  EXPECT_EQ(s.get("text"), "hello world");
  EXPECT_EQ(s.get("dotted"), "127.0.0.1");
  EXPECT_EQ(s.get("date"), "2023-01-05");
  // The surprising ones are said, with their place.
  std::vector<std::string> warnings = messages(diag, Severity::Warning);
  EXPECT_THAT(warnings, ::testing::Contains(HasSubstr("'on' as true")));
  EXPECT_THAT(warnings, ::testing::Contains(HasSubstr("octal number 493")));
  EXPECT_THAT(warnings, ::testing::Contains(HasSubstr("commas")));
  EXPECT_EQ(messages(diag, Severity::Error).size(), 0u);
}

TEST_F(YamlParser, OnlyFluentStringIsInterpolated) {
  Element root = parse(R"(
config:
  - source:
      $type: sample
      plain: "#{ENV['FERRY_YAML_TEST']}"
      evaluated: !fluent/s "#{ENV['FERRY_YAML_TEST']}-#{hostname}"
      escaped: !fluent/s "a\\tb"
      gone: !fluent/s "#{use_nil}"
      fallback: !fluent/s "#{use_default}"
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  const Element& s = root.children.at(0);
  EXPECT_EQ(s.get("plain"), "#{ENV['FERRY_YAML_TEST']}");
  EXPECT_EQ(s.get("evaluated"), "from-env-yamlhost");
  EXPECT_EQ(s.get("escaped"), "a\tb");  // evaluated as a Ruby "..." body
  EXPECT_TRUE(s.find("gone")->nil);
  EXPECT_TRUE(s.find("fallback")->use_default);
}

TEST_F(YamlParser, FluentStringErrorNamesTheExpression) {
  parse(
      "config:\n  - source:\n      $type: sample\n      x: !fluent/s "
      "\"#{File.read('/etc/passwd')}\"\n");
  ASSERT_EQ(diag.error_count(), 1u);
  EXPECT_EQ(diag.items()[0].where.line, 4u);
  EXPECT_THAT(diag.items()[0].text, HasSubstr("File.read"));
}

TEST_F(YamlParser, FluentJson) {
  Element root = parse(R"(
config:
  - source:
      $type: sample
      sample: !fluent/json {"message": hello, n: 1, f: 2.50, ok: true, none: ~, list: [a, "1"]}
      text: !fluent/json 'x'
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  const Element& s = root.children.at(0);
  EXPECT_EQ(s.get("sample"),
            R"({"message":"hello","n":1,"f":2.5,"ok":true,"none":null,"list":["a","1"]})");
  EXPECT_EQ(s.get("text"), R"("x")");  // Fluentd calls to_json on the string
}

TEST_F(YamlParser, IncludeIsRelativeGlobbedSortedAndSpliced) {
  dir.write("conf.d/b.yaml", "- match: {$tag: b, $type: null_b}\n");
  dir.write("conf.d/a.yaml", "- match: {$tag: a, $type: null_a}\n- match: {$tag: a2, $type: x}\n");
  Element root = parse(R"(
config:
  - source: {$type: sample}
  - !include conf.d/*.yaml
  - match: {$tag: last, $type: stdout}
)");
  EXPECT_THAT(diag.items(), IsEmpty());
  ASSERT_EQ(root.children.size(), 5u);
  EXPECT_EQ(root.children[1].arg, "a");
  EXPECT_EQ(root.children[2].arg, "a2");
  EXPECT_EQ(root.children[3].arg, "b");
  EXPECT_EQ(root.children[4].arg, "last");
  // Locations point into the included file.
  EXPECT_THAT(root.children[1].where.file, HasSubstr("conf.d/a.yaml"));
  EXPECT_EQ(root.children[2].where.line, 2u);
}

TEST_F(YamlParser, IncludeAsTheWholeConfigList) {
  dir.write("pipeline.yaml", "- source: {$type: sample}\n");
  Element root = parse("config: !include pipeline.yaml\n");
  EXPECT_THAT(diag.items(), IsEmpty());
  ASSERT_EQ(root.children.size(), 1u);
  EXPECT_EQ(root.children[0].name, "source");
}

TEST_F(YamlParser, IncludeOfItselfStops) {
  Element root = parse("config:\n  - !include fluent.yaml\n");
  EXPECT_TRUE(diag.has_errors());
}

TEST_F(YamlParser, MergeKey) {
  Element root = parse(R"(
defaults: &d
  $type: stdout
  format: json
config:
  - match:
      <<: *d
      $tag: app
      format: ltsv
)");
  const Element& m = root.children.at(0);
  EXPECT_EQ(m.get("@type"), "stdout");
  EXPECT_EQ(m.get("format"), "ltsv");
  EXPECT_EQ(m.arg, "app");
}

TEST_F(YamlParser, LocationsAreFileLineColumn) {
  Element root = parse("config:\n  - source:\n      $type: sample\n      rate: 5\n");
  const Element& s = root.children.at(0);
  EXPECT_EQ(s.where.line, 2u);
  EXPECT_EQ(s.where.column, 5u);
  const Entry* rate = s.find("rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->where.line, 4u);
  EXPECT_EQ(rate->where.column, 7u);
  EXPECT_EQ(rate->value_where.column, 13u);
  EXPECT_THAT(rate->where.file, HasSubstr("fluent.yaml"));
}

TEST_F(YamlParser, BadYamlIsADiagnosticWithPosition) {
  Element root = parse("config:\n  - source: {$type: sample\n");
  ASSERT_EQ(diag.error_count(), 1u);
  EXPECT_THAT(diag.items()[0].message, HasSubstr("invalid YAML"));
  EXPECT_GT(diag.items()[0].where.line, 0u);
  EXPECT_TRUE(root.children.empty());
}

TEST_F(YamlParser, WrongShapesAreErrorsAndTheRestIsKept) {
  Element root = parse(R"(
config:
  - source: not-a-map
  - sorce: {$type: x}
  - just text
  - match: {$tag: ok, $type: stdout}
)");
  EXPECT_THAT(
      messages(diag, Severity::Error),
      ElementsAre("<source> needs a map of parameters", HasSubstr("unknown directive 'sorce'"),
                  HasSubstr("a `config` item must be a map")));
  ASSERT_EQ(root.children.size(), 1u);
  EXPECT_EQ(root.children[0].arg, "ok");
}

TEST_F(YamlParser, ConfigMustBeAList) {
  parse("config:\n  source: {}\n");
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre(HasSubstr("must be a list")));
}

TEST_F(YamlParser, MissingFileIsAnError) {
  Element root = parse_yaml_file(dir.path() + "/nope.yaml", opts, diag);
  EXPECT_THAT(messages(diag, Severity::Error), ElementsAre(HasSubstr("cannot read config file")));
  EXPECT_TRUE(root.children.empty());
}

TEST_F(YamlParser, EmptyFileIsAnEmptyConfig) {
  Element root = parse("");
  EXPECT_THAT(diag.items(), IsEmpty());
  EXPECT_TRUE(root.children.empty());
}

TEST_F(YamlParser, RecursiveAliasDoesNotHang) {
  parse("config: &a\n  - *a\n");
  SUCCEED();  // reaching here is the test; diagnostics may vary
}

}  // namespace
}  // namespace ferry::config
