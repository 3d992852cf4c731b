// enable_ruby: the allow-listed expression shapes, evaluated natively, the
// error events Ruby exceptions become, and load errors for the rest.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::record_transformer {
namespace {

using testing::RecordingSink;
using testing::run_one;
using testing::settings;

class RubyExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::use_utc(); }
  Settings ruby(std::vector<std::pair<std::string, std::string>> record) {
    Settings s = settings(std::move(record));
    s.enable_ruby = true;
    return s;
  }
  // The value of "v" for one record, as JSON.
  std::string v(const std::string& value, const std::string& record = kRecord,
                std::string_view tag = "app.web.frontend") {
    std::string out = run_one(ruby({{"v", value}}), tag, record, sink);
    const size_t at = out.rfind(",\"v\":");
    if (at == std::string::npos) return out;
    return out.substr(at + 5, out.size() - at - 6);
  }
  std::string load_error(const std::string& value) {
    std::vector<std::string> warnings;
    try {
      RecordRewriter rw(ruby({{"v", value}}), warnings);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "<accepted>";
  }
  static inline const std::string kRecord =
      R"({"a":{"b":{"c":5}},"x":"12abc","msg":"Hello World","n":null,"list":[1,"two",[3]],"f":2.5,"s":"  pad  "})";
  RecordingSink sink;
};

TEST_F(RubyExpressionTest, NestedRecordAccess) {
  EXPECT_EQ(v("${record[\"a\"][\"b\"]}"), R"({"c":5})");
  EXPECT_EQ(v("${record[\"a\"][\"b\"][\"c\"]}"), "5");
  EXPECT_EQ(v("${record['a']['missing']}"), "null");
  EXPECT_EQ(v("${record[\"list\"][1]}"), R"("two")");
  EXPECT_EQ(v("${record[\"list\"][-1][0]}"), "3");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(RubyExpressionTest, Dig) {
  EXPECT_EQ(v("${record.dig(\"a\", \"b\", \"c\")}"), "5");
  EXPECT_EQ(v("${record.dig(\"a\", \"zz\", \"c\")}"), "null");
  EXPECT_EQ(v("${record.dig(\"list\", 2, 0)}"), "3");
}

TEST_F(RubyExpressionTest, DigIntoAStringIsATypeError) {
  EXPECT_EQ(v("${record.dig(\"x\", \"y\")}"), "<dropped>");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second,
            "failed to expand `record.dig(\"x\", \"y\")` : error = String does not have #dig "
            "method");
}

TEST_F(RubyExpressionTest, TimeMethods) {
  EXPECT_EQ(v("${time.to_i}"), "1700000000");
  EXPECT_EQ(v("${time.to_f}"), "1700000000.0");
  EXPECT_EQ(v("${time.strftime('%Y-%m-%dT%H:%M:%S%z')}"), R"("2023-11-14T22:13:20+0000")");
  EXPECT_EQ(v("${time.strftime('%s.%3N')}"), R"("1700000000.000")");
  EXPECT_EQ(v("${time.iso8601}"), R"("2023-11-14T22:13:20+00:00")");
  EXPECT_EQ(v("${time.utc.iso8601(3)}"), R"("2023-11-14T22:13:20.000Z")");
  EXPECT_EQ(v("${time}"), R"("2023-11-14 22:13:20 +0000")");
  EXPECT_EQ(v("at ${time.utc}"), R"("at 2023-11-14 22:13:20 UTC")");
}

TEST_F(RubyExpressionTest, Conversions) {
  EXPECT_EQ(v("${record[\"x\"].to_i}"), "12");
  EXPECT_EQ(v("${record[\"x\"].to_i * 1000}"), "12000");
  EXPECT_EQ(v("${record[\"f\"].to_i}"), "2");
  EXPECT_EQ(v("${record[\"x\"].to_f}"), "12.0");
  EXPECT_EQ(v("${record[\"n\"].to_i}"), "0");
  EXPECT_EQ(v("${record[\"f\"] * 2}"), "5.0");
  EXPECT_EQ(v("${7 / 2}|${-7 / 2}|${1 + 2 * 3}|${(1 + 2) * 3}"), R"("3|-4|7|9")");
  EXPECT_EQ(v("${record[\"a\"].to_s}"), R"("{\"b\"=>{\"c\"=>5}}")");
}

TEST_F(RubyExpressionTest, DefaultWithOr) {
  EXPECT_EQ(v("${record[\"missing\"] || \"default\"}"), R"("default")");
  EXPECT_EQ(v("${record[\"n\"] || 'd'}"), R"("d")");
  EXPECT_EQ(v("${record[\"msg\"] || \"default\"}"), R"("Hello World")");
  EXPECT_EQ(v("${record[\"msg\"] && 1}"), "1");
}

TEST_F(RubyExpressionTest, ToJson) {
  EXPECT_EQ(v("${record[\"a\"].to_json}"), R"("{\"b\":{\"c\":5}}")");
  EXPECT_EQ(v("${record[\"list\"].to_json}"), R"("[1,\"two\",[3]]")");
  EXPECT_EQ(v("${tag_parts.to_json}"), R"("[\"app\",\"web\",\"frontend\"]")");
}

TEST_F(RubyExpressionTest, StringMethods) {
  EXPECT_EQ(v("${record[\"msg\"].upcase}"), R"("HELLO WORLD")");
  EXPECT_EQ(v("${record[\"msg\"].downcase}"), R"("hello world")");
  EXPECT_EQ(v("${record[\"s\"].strip}"), R"("pad")");
  EXPECT_EQ(v("${record[\"msg\"].length}"), "11");
  EXPECT_EQ(v("${record[\"msg\"][\"World\"]}"), R"("World")");
  EXPECT_EQ(v("${record[\"msg\"] + \"!\"}"), R"("Hello World!")");
  EXPECT_EQ(v("${record[\"msg\"].nil?}"), "false");
}

TEST_F(RubyExpressionTest, TagVariables) {
  EXPECT_EQ(v("${tag}"), R"("app.web.frontend")");
  EXPECT_EQ(v("${tag_parts[1]}"), R"("web")");
  EXPECT_EQ(v("${tag_parts[9]}"), "null");
  EXPECT_EQ(v("${tag_prefix[-2]}"), R"("app.web")");
  EXPECT_EQ(v("${tag_suffix[1]}"), R"("web.frontend")");
  EXPECT_EQ(v("${tag_parts}"), R"(["app","web","frontend"])");
  EXPECT_EQ(v("${tag_parts.last}-${tag_parts.join('_')}"), R"("frontend-app_web_frontend")");
  EXPECT_EQ(v("${hostname}"), R"("<HOSTNAME>")");
  EXPECT_TRUE(sink.warnings.empty());
}

TEST_F(RubyExpressionTest, InterpolationUsesToSAndRubyEscapes) {
  EXPECT_EQ(v("n=${record[\"n\"]} l=${record[\"list\"]}\\t#{tag_parts[0]}"),
            R"("n= l=[1, \"two\", [3]]\tapp")");
}

TEST_F(RubyExpressionTest, KeysAreAlwaysStrings) {
  EXPECT_EQ(run_one(ruby({{"${tag_parts[0]}", "${record[\"f\"]}"}}), "app.x", R"({"f":1.5})", sink),
            R"({"f":1.5,"app":1.5})");
}

// compat/route_error_label: the enable_ruby filter.
TEST_F(RubyExpressionTest, CompatErrorLabelUpcase) {
  auto s = ruby({{"upper", "${record[\"name\"].upcase}"}});
  EXPECT_EQ(run_one(s, "app.ruby", R"({"name":"ann"})", sink), R"({"name":"ann","upper":"ANN"})");
  EXPECT_EQ(run_one(s, "app.ruby", R"({"noname":1})", sink), "<dropped>");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second,
            "failed to expand `record[\"name\"].upcase` : error = undefined method `upcase' for "
            "nil:NilClass");
  EXPECT_EQ(sink.error_classes[0], "RuntimeError");  // Fluentd's bare `raise "..."`
}

TEST_F(RubyExpressionTest, InterpolatedFailureNamesTheQString) {
  EXPECT_EQ(v("a ${record[\"n\"].upcase} b"), "<dropped>");
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].second,
            "failed to expand `%Q[a #{record[\"n\"].upcase} b]` : error = undefined method "
            "`upcase' for nil:NilClass");
}

TEST_F(RubyExpressionTest, RubyErrors) {
  EXPECT_EQ(v("${1 / 0}"), "<dropped>");
  EXPECT_EQ(v("${record[\"msg\"] + 1}"), "<dropped>");
  EXPECT_EQ(v("${1 + record[\"msg\"]}"), "<dropped>");
  ASSERT_EQ(sink.errors.size(), 3u);
  EXPECT_NE(sink.errors[0].second.find("divided by 0"), std::string::npos);
  EXPECT_NE(sink.errors[1].second.find("no implicit conversion of Integer into String"),
            std::string::npos);
  EXPECT_NE(sink.errors[2].second.find("String can't be coerced into Integer"), std::string::npos);
}

TEST_F(RubyExpressionTest, LiteralTextIsAQString) {
  EXPECT_EQ(v("plain [ok] text"), R"("plain [ok] text")");
  EXPECT_EQ(v("#{1 + 2}"), R"("3")");  // Fluentd evaluates #{} too once enable_ruby is on
}

TEST_F(RubyExpressionTest, UnsupportedExpressionsAreLoadErrors) {
  const std::string e1 = load_error("${record[\"a\"].map { |x| x }}");
  EXPECT_NE(e1.find("fluent.conf:7: <record> v: unsupported enable_ruby expression "),
            std::string::npos)
      << e1;
  EXPECT_NE(e1.find("method `map` is not supported"), std::string::npos) << e1;
  EXPECT_NE(e1.find("Ferry evaluates enable_ruby expressions without Ruby"), std::string::npos);
  EXPECT_NE(load_error("${Time.now}").find("`Time` is not a supported name"), std::string::npos);
  EXPECT_NE(load_error("${system('rm -rf /')}").find("`system` is not a supported name"),
            std::string::npos);
  EXPECT_NE(load_error("${x = 1}").find("unsupported enable_ruby expression"), std::string::npos);
  EXPECT_NE(load_error("${record[\"a\"] ? 1 : 2}").find("unsupported"), std::string::npos);
  EXPECT_NE(load_error("a ]").find("unbalanced `]`"), std::string::npos);
  EXPECT_NE(load_error("#@foo").find("variable interpolation"), std::string::npos);
  EXPECT_EQ(load_error("${record[\"a\"][\"b\"]} ${time.to_i}"), "<accepted>");
}

TEST_F(RubyExpressionTest, EveryErrorIsReported) {
  std::vector<std::string> warnings;
  try {
    Settings s = ruby({{"a", "${foo}"}, {"b", "${bar}"}});
    RecordRewriter rw(s, warnings);
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("<record> a:"), std::string::npos);
    EXPECT_NE(m.find("<record> b:"), std::string::npos);
  }
}

TEST_F(RubyExpressionTest, AutoTypecastFalseMakesStrings) {
  Settings s = ruby({{"v", "${record[\"f\"]}"}});
  s.auto_typecast = false;
  EXPECT_EQ(run_one(s, "t", R"({"f":1.5})", sink), R"({"f":1.5,"v":"1.5"})");
}

}  // namespace
}  // namespace ferry::record_transformer
