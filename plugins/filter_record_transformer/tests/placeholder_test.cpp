// Non-Ruby placeholders (Fluentd's PlaceholderExpander), one test per
// placeholder plus the recorded compat cases rt_tag_placeholders and
// rt_record_access, compared byte for byte.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

using testing::RecordingSink;
using testing::run_one;
using testing::settings;

class PlaceholderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::use_utc(); }
  std::string one(const std::string& value, std::string_view tag = "app.web.frontend",
                  const std::string& record = R"({"msg":"m"})") {
    return run_one(settings({{"v", value}}), tag, record, sink);
  }
  RecordingSink sink;
};

TEST_F(PlaceholderTest, Tag) {
  EXPECT_EQ(one("${tag}"), R"({"msg":"m","v":"app.web.frontend"})");
}

TEST_F(PlaceholderTest, TagPartsPositiveAndNegative) {
  EXPECT_EQ(one("${tag_parts[0]}"), R"({"msg":"m","v":"app"})");
  EXPECT_EQ(one("${tag_parts[2]}"), R"({"msg":"m","v":"frontend"})");
  EXPECT_EQ(one("${tag_parts[-1]}"), R"({"msg":"m","v":"frontend"})");
  EXPECT_EQ(one("${tag_parts[-3]}"), R"({"msg":"m","v":"app"})");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(PlaceholderTest, TagPartsOutOfRangeIsNilWithWarning) {
  EXPECT_EQ(one("${tag_parts[3]}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(one("${tag_parts[-4]}"), R"({"msg":"m","v":null})");
  ASSERT_EQ(sink.warnings.size(), 2u);
  EXPECT_EQ(sink.warnings[0], "unknown placeholder `${tag_parts[3]}` found");
  EXPECT_EQ(sink.warnings[1], "unknown placeholder `${tag_parts[-4]}` found");
}

TEST_F(PlaceholderTest, IndexesOnlyAsIntegerToSPrintsThem) {
  // Fluentd's table holds "${tag_parts[1]}", never "[01]", "[+1]" or "[ 1]".
  EXPECT_EQ(one("${tag_parts[01]}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(one("${tag_parts[+1]}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(one("${tag_parts[-0]}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(sink.warnings.size(), 3u);
}

TEST_F(PlaceholderTest, TagPrefix) {
  EXPECT_EQ(one("${tag_prefix[0]}"), R"({"msg":"m","v":"app"})");
  EXPECT_EQ(one("${tag_prefix[1]}"), R"({"msg":"m","v":"app.web"})");
  EXPECT_EQ(one("${tag_prefix[-1]}"), R"({"msg":"m","v":"app.web.frontend"})");
  EXPECT_EQ(one("${tag_prefix[-2]}"), R"({"msg":"m","v":"app.web"})");
}

TEST_F(PlaceholderTest, TagSuffix) {
  EXPECT_EQ(one("${tag_suffix[0]}"), R"({"msg":"m","v":"app.web.frontend"})");
  EXPECT_EQ(one("${tag_suffix[1]}"), R"({"msg":"m","v":"web.frontend"})");
  EXPECT_EQ(one("${tag_suffix[-1]}"), R"({"msg":"m","v":"frontend"})");
}

TEST_F(PlaceholderTest, TagSplitDropsTrailingEmptyParts) {
  // Ruby: "a..b.".split('.') == ["a", "", "b"]
  EXPECT_EQ(one("${tag_parts[1]}|${tag_parts[-1]}|${tag_suffix[1]}|${tag_prefix[-1]}", "a..b."),
            R"({"msg":"m","v":"|b|.b|a..b"})");
}

TEST_F(PlaceholderTest, Hostname) {
  EXPECT_EQ(one("${hostname}"), R"({"msg":"m","v":"<HOSTNAME>"})");
}

TEST_F(PlaceholderTest, TimeIsRubyTimeToSInLocalZone) {
  EXPECT_EQ(one("${time}"), R"({"msg":"m","v":"2023-11-14 22:13:20 +0000"})");
  setenv("TZ", "Asia/Tokyo", 1);
  tzset();
  EXPECT_EQ(one("${time}"), R"({"msg":"m","v":"2023-11-15 07:13:20 +0900"})");
}

TEST_F(PlaceholderTest, RecordKeyKeepsTypeWhenWholeValue) {
  const std::string rec = R"({"i":42,"f":1.5,"b":false,"n":null,"m":{"x":[1,"y"]},"s":"t"})";
  auto v = [&](const std::string& key) {
    return run_one(settings({{"v", "${record[\"" + key + "\"]}"}}), "t", rec, sink);
  };
  const std::string head = R"({"i":42,"f":1.5,"b":false,"n":null,"m":{"x":[1,"y"]},"s":"t","v":)";
  EXPECT_EQ(v("i"), head + "42}");
  EXPECT_EQ(v("f"), head + "1.5}");
  EXPECT_EQ(v("b"), head + "false}");
  EXPECT_EQ(v("n"), head + "null}");
  EXPECT_EQ(v("m"), head + R"({"x":[1,"y"]}})");
  EXPECT_EQ(v("s"), head + R"("t"})");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(PlaceholderTest, RecordKeyInsideStringUsesRubyToS) {
  const std::string rec = R"({"i":42,"f":1e-05,"n":null,"m":{"a":"b","c":[1,null]}})";
  EXPECT_EQ(
      run_one(settings(
                  {{"v", "<${record[\"i\"]}|${record[\"f\"]}|${record[\"n\"]}|${record[\"m\"]}>"}}),
              "t", rec, sink),
      R"({"i":42,"f":1.0e-05,"n":null,"m":{"a":"b","c":[1,null]},"v":"<42|1.0e-05||{\"a\"=>\"b\", \"c\"=>[1, nil]}>"})");
}

TEST_F(PlaceholderTest, NestedAccessIsUnknownWithoutRuby) {
  EXPECT_EQ(one("${record[\"m\"][\"x\"]}", "t", R"({"m":{"x":1}})"), R"({"m":{"x":1},"v":null})");
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0], "unknown placeholder `${record[\"m\"][\"x\"]}` found");
}

TEST_F(PlaceholderTest, SingleQuotesAndLegacyNamesAreUnknown) {
  EXPECT_EQ(one("${record['msg']}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(one("${msg}"), R"({"msg":"m","v":null})");
  EXPECT_EQ(sink.warnings.size(), 2u);
}

TEST_F(PlaceholderTest, UpperCaseDunderIsAPlaceholderToo) {
  EXPECT_EQ(one("a__TAG__b"), R"({"msg":"m","v":"ab"})");
  EXPECT_EQ(one("__TAG__"), R"({"msg":"m","v":null})");
  EXPECT_EQ(one("__lower__"), R"({"msg":"m","v":"__lower__"})");
  ASSERT_EQ(sink.warnings.size(), 2u);
  EXPECT_EQ(sink.warnings[0], "unknown placeholder `__TAG__` found");
}

TEST_F(PlaceholderTest, UnclosedOrEmptyBracesAreText) {
  EXPECT_EQ(one("${} and ${tag"), R"({"msg":"m","v":"${} and ${tag"})");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(PlaceholderTest, AutoTypecastFalseAlwaysMakesStrings) {
  auto s = settings({{"v", "${record[\"i\"]}"}, {"w", "${record[\"none\"]}"}});
  s.auto_typecast = false;
  EXPECT_EQ(run_one(s, "t", R"({"i":42})", sink), R"({"i":42,"v":"42","w":""})");
}

TEST_F(PlaceholderTest, KeysAreExpandedAndAlwaysStrings) {
  EXPECT_EQ(
      run_one(settings({{"${tag_parts[0]}_${record[\"i\"]}", "x"}}), "app.web", R"({"i":7})", sink),
      R"({"i":7,"app_7":"x"})");
}

TEST_F(PlaceholderTest, JsonValuesExpandInsideHashesAndArrays) {
  auto s = settings(
      {{"v",
        R"({"tag":"${tag}","n":"${record[\"i\"]}","list":["${tag_parts[1]}",1,null],"${tag_parts[0]}":true})"}});
  EXPECT_EQ(run_one(s, "app.web", R"({"i":7})", sink),
            R"({"i":7,"v":{"tag":"app.web","n":7,"list":["web",1,null],"app":true}})");
}

TEST_F(PlaceholderTest, ConstantJsonValue) {
  EXPECT_EQ(one(R"([1,{"a":"b"}])"), R"({"msg":"m","v":[1,{"a":"b"}]})");
}

TEST_F(PlaceholderTest, BadJsonFallsBackToStringWithWarning) {
  std::vector<std::string> warnings;
  RecordRewriter rewriter(settings({{"v", "{not json ${tag}"}}), warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("fluent.conf:7: failed to parse {not json ${tag} as json. Assuming "
                             "{not json ${tag} is a string"),
            std::string::npos);
  EXPECT_EQ(one("{not json ${tag}", "t"), R"({"msg":"m","v":"{not json t"})");
}

// compat/rt_tag_placeholders, both events.
TEST_F(PlaceholderTest, CompatTagPlaceholders) {
  auto s = settings({{"literal", "plain string value"},
                     {"tag", "${tag}"},
                     {"tag_part_first", "${tag_parts[0]}"},
                     {"tag_part_second", "${tag_parts[1]}"},
                     {"tag_part_last", "${tag_parts[-1]}"},
                     {"tag_part_minus2", "${tag_parts[-2]}"},
                     {"tag_part_out_of_range", "${tag_parts[9]}"},
                     {"tag_prefix_0", "${tag_prefix[0]}"},
                     {"tag_prefix_1", "${tag_prefix[1]}"},
                     {"tag_prefix_last", "${tag_prefix[-1]}"},
                     {"tag_suffix_0", "${tag_suffix[0]}"},
                     {"tag_suffix_1", "${tag_suffix[1]}"},
                     {"tag_suffix_last", "${tag_suffix[-1]}"},
                     {"host", "${hostname}"},
                     {"time", "${time}"},
                     {"combined", "${tag_parts[0]}-${tag_parts[-1]}@${hostname}"}});
  EXPECT_EQ(
      run_one(s, "app.web.frontend", R"({"msg":"hello"})", sink),
      R"({"msg":"hello","literal":"plain string value","tag":"app.web.frontend","tag_part_first":"app","tag_part_second":"web","tag_part_last":"frontend","tag_part_minus2":"web","tag_part_out_of_range":null,"tag_prefix_0":"app","tag_prefix_1":"app.web","tag_prefix_last":"app.web.frontend","tag_suffix_0":"app.web.frontend","tag_suffix_1":"web.frontend","tag_suffix_last":"frontend","host":"<HOSTNAME>","time":"2023-11-14 22:13:20 +0000","combined":"app-frontend@<HOSTNAME>"})");
  EXPECT_EQ(
      run_one(s, "app", R"({"msg":"short"})", sink),
      R"({"msg":"short","literal":"plain string value","tag":"app","tag_part_first":"app","tag_part_second":null,"tag_part_last":"app","tag_part_minus2":null,"tag_part_out_of_range":null,"tag_prefix_0":"app","tag_prefix_1":null,"tag_prefix_last":"app","tag_suffix_0":"app","tag_suffix_1":null,"tag_suffix_last":"app","host":"<HOSTNAME>","time":"2023-11-14 22:13:20 +0000","combined":"app-app@<HOSTNAME>"})");
  const std::vector<std::string> expected_log = {"unknown placeholder `${tag_parts[9]}` found",
                                                 "unknown placeholder `${tag_parts[1]}` found",
                                                 "unknown placeholder `${tag_parts[-2]}` found",
                                                 "unknown placeholder `${tag_parts[9]}` found",
                                                 "unknown placeholder `${tag_prefix[1]}` found",
                                                 "unknown placeholder `${tag_suffix[1]}` found"};
  EXPECT_EQ(sink.warnings, expected_log);
}

// compat/rt_record_access, both events and the warning order.
TEST_F(PlaceholderTest, CompatRecordAccess) {
  auto s = settings({{"copy_of_user", "${record[\"user\"]}"},
                     {"user_greeting", "hello ${record[\"user\"]}!"},
                     {"count_copy", "${record[\"count\"]}"},
                     {"count_in_string", "n=${record[\"count\"]}"},
                     {"nested_obj_copy", "${record[\"nested\"]}"},
                     {"nested_deep", "${record[\"nested\"][\"inner\"]}"},
                     {"missing_key", "${record[\"no_such_key\"]}"},
                     {"missing_in_string", "(${record[\"no_such_key\"]})"},
                     {"legacy_style", "${user}"},
                     {"null_value", "${record[\"nullv\"]}"},
                     {"bool_value", "${record[\"flag\"]}"},
                     {"overwrite_existing", "replaced"},
                     {"user", "${record[\"user\"]}-modified"}});
  EXPECT_EQ(
      run_one(
          s, "app.x",
          R"({"user":"alice","count":42,"nested":{"inner":"deep","n":1},"nullv":null,"flag":true,"overwrite_existing":"orig"})",
          sink),
      R"j({"user":"alice-modified","count":42,"nested":{"inner":"deep","n":1},"nullv":null,"flag":true,"overwrite_existing":"replaced","copy_of_user":"alice","user_greeting":"hello alice!","count_copy":42,"count_in_string":"n=42","nested_obj_copy":{"inner":"deep","n":1},"nested_deep":null,"missing_key":null,"missing_in_string":"()","legacy_style":null,"null_value":null,"bool_value":true})j");
  EXPECT_EQ(
      run_one(s, "app.y", R"({"other":1})", sink),
      R"j({"other":1,"copy_of_user":null,"user_greeting":"hello !","count_copy":null,"count_in_string":"n=","nested_obj_copy":null,"nested_deep":null,"missing_key":null,"missing_in_string":"()","legacy_style":null,"null_value":null,"bool_value":null,"overwrite_existing":"replaced","user":"-modified"})j");
  const std::vector<std::string> expected_log = {
      R"(unknown placeholder `${record["nested"]["inner"]}` found)",
      R"(unknown placeholder `${record["no_such_key"]}` found)",
      R"(unknown placeholder `${record["no_such_key"]}` found)",
      R"(unknown placeholder `${user}` found)",
      R"(unknown placeholder `${record["user"]}` found)",
      R"(unknown placeholder `${record["user"]}` found)",
      R"(unknown placeholder `${record["count"]}` found)",
      R"(unknown placeholder `${record["count"]}` found)",
      R"(unknown placeholder `${record["nested"]}` found)",
      R"(unknown placeholder `${record["nested"]["inner"]}` found)",
      R"(unknown placeholder `${record["no_such_key"]}` found)",
      R"(unknown placeholder `${record["no_such_key"]}` found)",
      R"(unknown placeholder `${user}` found)",
      R"(unknown placeholder `${record["nullv"]}` found)",
      R"(unknown placeholder `${record["flag"]}` found)",
      R"(unknown placeholder `${record["user"]}` found)"};
  EXPECT_EQ(sink.warnings, expected_log);
}

}  // namespace
}  // namespace ferry::record_transformer
