#include "config/ruby_eval.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "v1_test_support.hpp"

namespace ferry::config {
namespace {

using testing::test_options;

std::string eval_ok(std::string_view expr, const LoadOptions& opts = test_options()) {
  std::string error;
  auto v = eval_embedded_ruby(expr, opts, error);
  EXPECT_TRUE(v.has_value()) << expr << ": " << error;
  if (!v) return "<error>";
  EXPECT_EQ(v->kind, RubyValue::Kind::String) << expr;
  return v->text;
}

std::string eval_error(std::string_view expr, const LoadOptions& opts = test_options()) {
  std::string error;
  auto v = eval_embedded_ruby(expr, opts, error);
  EXPECT_FALSE(v.has_value()) << expr << " gave " << (v ? v->text : "");
  return error;
}

TEST(RubyEval, Hostname) {
  EXPECT_EQ(eval_ok("Socket.gethostname"), "web01.example.com");
  EXPECT_EQ(eval_ok("hostname"), "web01.example.com");
  EXPECT_EQ(eval_ok(" Socket.gethostname() "), "web01.example.com");
  EXPECT_EQ(eval_ok("Socket.gethostname.split('.')[0]"), "web01");
  EXPECT_EQ(eval_ok("Socket.gethostname.split(\".\")[-1]"), "com");
  EXPECT_EQ(eval_ok("Socket.gethostname.split('.')[7]"), "");  // nil
}

TEST(RubyEval, HostnameFallsBackToTheMachine) {
  LoadOptions opts = test_options();
  opts.hostname.clear();
  EXPECT_FALSE(eval_ok("hostname", opts).empty());
}

TEST(RubyEval, WorkerId) {
  LoadOptions opts = test_options();
  EXPECT_EQ(eval_ok("worker_id", opts), "");
  opts.worker_id = "3";
  EXPECT_EQ(eval_ok("worker_id", opts), "3");
}

TEST(RubyEval, EnvIndex) {
  EXPECT_EQ(eval_ok("ENV['HOME']"), "/compat-home");
  EXPECT_EQ(eval_ok("ENV[\"PORT\"]"), "24224");
  EXPECT_EQ(eval_ok("ENV['NOPE']"), "");
  EXPECT_EQ(eval_ok("ENV['NOPE'] || 'fallback'"), "fallback");
  EXPECT_EQ(eval_ok("ENV['PORT'] || 'fallback'"), "24224");
  // An empty string is truthy in Ruby.
  EXPECT_EQ(eval_ok("ENV['EMPTY'] || 'fallback'"), "");
  EXPECT_EQ(eval_ok("ENV['NOPE'] || ENV['HOME']"), "/compat-home");
}

TEST(RubyEval, EnvFetch) {
  EXPECT_EQ(eval_ok("ENV.fetch('HOME')"), "/compat-home");
  EXPECT_EQ(eval_ok("ENV.fetch('NOPE', 'dflt')"), "dflt");
  EXPECT_EQ(eval_ok("ENV.fetch(\"PORT\", \"1\")"), "24224");
  EXPECT_EQ(eval_error("ENV.fetch('NOPE')"),
            "embedded Ruby `ENV.fetch('NOPE')` failed: key not found: \"NOPE\" (KeyError)");
}

TEST(RubyEval, ProcessEnvironmentWhenAllowed) {
  LoadOptions opts = test_options();
  setenv("FERRY_RUBY_EVAL_TEST", "from-process", 1);
  EXPECT_EQ(eval_ok("ENV['FERRY_RUBY_EVAL_TEST']", opts), "");
  opts.use_process_env = true;
  EXPECT_EQ(eval_ok("ENV['FERRY_RUBY_EVAL_TEST']", opts), "from-process");
  opts.env["FERRY_RUBY_EVAL_TEST"] = "from-options";
  EXPECT_EQ(eval_ok("ENV['FERRY_RUBY_EVAL_TEST']", opts), "from-options");
}

TEST(RubyEval, Conversions) {
  EXPECT_EQ(eval_ok("ENV['PORT'].to_i"), "24224");
  EXPECT_EQ(eval_ok("ENV['NOPE'].to_i"), "0");
  EXPECT_EQ(eval_ok("ENV['HOME'].to_i"), "0");
  EXPECT_EQ(eval_ok("'  -0012abc'.to_i"), "-12");
  EXPECT_EQ(eval_ok("'1_000'.to_i"), "1000");
  EXPECT_EQ(eval_ok("ENV['NOPE'].to_s"), "");
  EXPECT_EQ(eval_ok("ENV['PORT'].to_i.to_s"), "24224");
  EXPECT_EQ(eval_ok("42"), "42");
}

TEST(RubyEval, FileAndDir) {
  EXPECT_EQ(eval_ok("File.basename('/var/log/app.log')"), "app.log");
  EXPECT_EQ(eval_ok("File.basename('/var/log/app.log', '.log')"), "app");
  EXPECT_EQ(eval_ok("File.basename('/var/log/app.tar.gz', '.*')"), "app.tar");
  EXPECT_EQ(eval_ok("File.basename('/var/log/')"), "log");
  EXPECT_EQ(eval_ok("File.basename(ENV['HOME'])"), "compat-home");
  EXPECT_EQ(eval_ok("Dir.pwd"), std::filesystem::current_path().string());
}

TEST(RubyEval, StringLiterals) {
  EXPECT_EQ(eval_ok("'plain'"), "plain");
  EXPECT_EQ(eval_ok("'it\\'s'"), "it's");
  EXPECT_EQ(eval_ok("\"a\\tb\""), "a\tb");
  EXPECT_EQ(eval_ok("\"home=#{ENV['HOME']}\""), "home=/compat-home");
  EXPECT_EQ(eval_ok(""), "");
  EXPECT_EQ(eval_ok("nil"), "");
}

TEST(RubyEval, UseNilAndUseDefault) {
  std::string error;
  auto v = eval_embedded_ruby("use_nil", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::Nil);
  v = eval_embedded_ruby("use_default", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::UseDefault);
  // `||` only evaluates its right side when the left is nil.
  v = eval_embedded_ruby("ENV['HOME'] || use_nil", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::String);
  v = eval_embedded_ruby("ENV['NOPE'] || use_nil", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::Nil);
}

TEST(RubyEval, UnsupportedFormsNameTheExpression) {
  for (std::string_view expr : {"Time.now.strftime('%Y')", "1+1", "`rm -rf /`", "ENV['A'",
                                "system('ls')", "ENV.keys", "Socket.ip_address_list"}) {
    std::string error = eval_error(expr);
    EXPECT_EQ(error.rfind("embedded Ruby `" + std::string(expr) +
                              "` is not supported by Ferry; "
                              "supported forms: ",
                          0),
              0u)
        << error;
  }
}

TEST(RubyEval, RuntimeErrors) {
  EXPECT_EQ(eval_error("ENV['NOPE'].split('.')"),
            "embedded Ruby `ENV['NOPE'].split('.')` failed: undefined method 'split' for nil "
            "(NoMethodError)");
  // Arguments are evaluated before the call, as in Ruby.
  EXPECT_NE(eval_error("ENV.fetch('HOME', ENV.fetch('NOPE'))").find("KeyError"), std::string::npos);
}

TEST(RubyInterpolate, ExpandsEveryOccurrence) {
  std::string error;
  auto v = interpolate("#{ENV['HOME']}/x-#{hostname}", test_options(), error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->text, "/compat-home/x-web01.example.com");
}

TEST(RubyInterpolate, EscapedHashStaysLiteral) {
  std::string error;
  auto v = interpolate("a\\#{ENV['HOME']}b", test_options(), error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->text, "a#{ENV['HOME']}b");
}

TEST(RubyInterpolate, NilWinsOverDefault) {
  std::string error;
  auto v = interpolate("x#{use_default}#{use_nil}", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::Nil);
  v = interpolate("x#{use_default}", test_options(), error);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, RubyValue::Kind::UseDefault);
}

TEST(RubyInterpolate, Errors) {
  std::string error;
  EXPECT_FALSE(interpolate("#{ENV['HOME']", test_options(), error));
  EXPECT_NE(error.find("not closed"), std::string::npos);
  EXPECT_FALSE(interpolate("#{Time.now}", test_options(), error));
  EXPECT_NE(error.find("`Time.now` is not supported"), std::string::npos);
}

TEST(RubyEval, FindsTheClosingBrace) {
  EXPECT_EQ(find_embedded_code_end("ENV['a}']}rest"), 9u);
  EXPECT_EQ(find_embedded_code_end("\"}\"}"), 3u);
  EXPECT_EQ(find_embedded_code_end("{a}}"), 3u);
  EXPECT_EQ(find_embedded_code_end("ENV['x'"), std::string_view::npos);
}

}  // namespace
}  // namespace ferry::config
