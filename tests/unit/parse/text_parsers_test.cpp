#include <gtest/gtest.h>

#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

class TextParsers : public InZone {};

TEST_F(TextParsers, LtsvPairsAndTimeParsedByRubyTimeParse) {
  auto p = make(options("ltsv"));
  Collect c = run(*p, "time:2013-02-28 12:00:00\thost:192.168.0.1\treq_id:111\tnolabel\tempty:");
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0], R"({"host":"192.168.0.1","req_id":"111","empty":""})");
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 12, 0, 0));
}

TEST_F(TextParsers, LtsvDelimitersAndLaterDuplicateWins) {
  ParseOptions o = options("ltsv");
  o.delimiter = ",";
  o.label_delimiter = "=";
  auto p = make(o);
  EXPECT_EQ(run(*p, "a=1,b=x=y,a=2").records[0], R"({"a":"2","b":"x=y"})");
  o.delimiter_pattern = "/\\s+/";
  p = make(o);
  EXPECT_EQ(run(*p, "a=1   b=2\t c=3").records[0], R"({"a":"1","b":"2","c":"3"})");
}

TEST_F(TextParsers, CsvQuotedFieldsMissingColumnsAndTypes) {
  ParseOptions o = options("csv");
  o.keys = std::vector<std::string>{"time", "c0", "c1", "c2"};
  o.time_key = "time";
  o.time_format = "%d/%b/%Y:%H:%M:%S %z";
  auto p = make(o);
  Collect c = run(*p, R"("28/Feb/2013:12:00:00 +0900",value1,"va,lue""2")");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"c0":"value1","c1":"va,lue\"2","c2":null})");
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 3, 0, 0));
}

TEST_F(TextParsers, CsvEmptyFieldsAndBadQuoting) {
  ParseOptions o = options("csv");
  o.keys = std::vector<std::string>{"a", "b", "c"};
  auto p = make(o);
  EXPECT_EQ(run(*p, R"(,"",x)").records[0], R"({"a":null,"b":"","c":"x"})");
  Collect c = run(*p, R"(a,b"c)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("Illegal quoting"), std::string::npos);
  c = run(*p, R"("open,b)");
  EXPECT_NE(c.errors[0].find("Unclosed quoted field"), std::string::npos);
  c = run(*p, R"("a"x,b)");
  EXPECT_NE(c.errors[0].find("Any value after quoted field"), std::string::npos);
  EXPECT_EQ(run(*p, "").errors.size(), 1u);
}

TEST_F(TextParsers, CsvFastEngineAndDelimiter) {
  ParseOptions o = options("csv");
  o.keys = std::vector<std::string>{"a", "b", "c", "d"};
  o.parser_engine = "fast";
  auto p = make(o);
  EXPECT_EQ(run(*p, R"(x,"y,z","q""r""s",)").records[0],
            R"({"a":"x","b":"y,z","c":"q\"r\"s","d":null})");
  o.parser_engine = "normal";
  o.delimiter = "\t";
  p = make(o);
  EXPECT_EQ(run(*p, "1\t2").records[0], R"({"a":"1","b":"2","c":null,"d":null})");
  o.parser_engine = "turbo";
  EXPECT_NE(make_error(o).find("normal,fast"), std::string::npos);
  o.keys.reset();
  EXPECT_NE(make_error(o).find("'keys'"), std::string::npos);
}

TEST_F(TextParsers, TsvSplitsIntoAtMostKeysFields) {
  // The recorded exec_tsv_keys case.
  ParseOptions o = options("tsv");
  o.keys = std::vector<std::string>{"host", "status", "latency", "request"};
  o.types = {{"status", "integer"}, {"latency", "float"}};
  auto p = make(o);
  EXPECT_EQ(run(*p, "web1\t200\t0.123\tGET /index.html").records[0],
            R"({"host":"web1","status":200,"latency":0.123,"request":"GET /index.html"})");
  EXPECT_EQ(run(*p, "web3\t404").records[0],
            R"({"host":"web3","status":404,"latency":null,"request":null})");
  EXPECT_EQ(run(*p, "web4\t302\t0.1\tGET /x\textra_column").records[0],
            R"({"host":"web4","status":302,"latency":0.1,"request":"GET /x\textra_column"})");
}

TEST_F(TextParsers, NoneKeepsTheLineUnderMessageKey) {
  ParseOptions o = options("none");
  auto p = make(o);
  uint32_t before = EventTime::now().sec;
  Collect c = run(*p, "  indented \"quoted\" \\ line");
  EXPECT_EQ(c.records[0], R"({"message":"  indented \"quoted\" \\ line"})");
  EXPECT_GE(c.times[0].sec, before);
  o.message_key = "log";
  o.estimate_current_event = false;
  o.types = {{"log", "integer"}};  // none never converts
  p = make(o);
  c = run(*p, "12");
  EXPECT_EQ(c.records[0], R"({"log":"12"})");
  EXPECT_FALSE(c.time_set[0]);
}

TEST_F(TextParsers, RegexpNamedGroupsInOrderAndUnmatchedGroupsOmitted) {
  ParseOptions o = options("regexp");
  o.expression = R"(/^(?<host>[^ ]*) (?<user>[^ ]*)(?: (?<extra>\d+))? \[(?<time>[^\]]*)\]$/)";
  o.time_format = "%d/%b/%Y:%H:%M:%S %z";
  auto p = make(o);
  Collect c = run(*p, "192.168.0.1 - [28/Feb/2013:12:00:00 +0900]");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"host":"192.168.0.1","user":"-"})");
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 3, 0, 0));
  c = run(*p, "not matching");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0], "pattern not matched: 'not matching'");
}

TEST_F(TextParsers, RegexpRubyFlagsAndSyntax) {
  ParseOptions o = options("regexp");
  o.expression = "/^(?<a>HELLO)(?<b>.+)$/i";
  o.time_key = "none";
  auto p = make(o);
  EXPECT_EQ(run(*p, "hello world").records[0], R"({"a":"hello","b":" world"})");
  // /m: dot matches newlines; without it ^ and $ are line anchors as in Ruby.
  o.expression = "/(?<all>a.b)/m";
  p = make(o);
  EXPECT_EQ(run(*p, "a\nb").records[0], R"({"all":"a\nb"})");
  o.expression = "/^(?<second>b)$/";
  p = make(o);
  EXPECT_EQ(run(*p, "a\nb").records[0], R"({"second":"b"})");
  // \h is a hex digit in Ruby (horizontal space in PCRE).
  o.expression = R"(/(?<hex>\h+)/)";
  p = make(o);
  EXPECT_EQ(run(*p, "zz 0fA9 zz").records[0], R"({"hex":"0fA9"})");
  // Deprecated flags rebuild the regexp.
  o.expression = "(?<a>abc)";
  o.ignorecase = true;
  p = make(o);
  EXPECT_EQ(run(*p, "ABC").records[0], R"({"a":"ABC"})");
}

TEST_F(TextParsers, RegexpConfigErrors) {
  ParseOptions o = options("regexp");
  EXPECT_NE(make_error(o).find("'expression'"), std::string::npos);
  o.expression = "/(a)(b)/";
  EXPECT_NE(make_error(o).find("No named captures"), std::string::npos);
  o.expression = "/(?<a>[/";
  EXPECT_NE(make_error(o).find("invalid regexp"), std::string::npos);
  o.expression = "/(?<a>x)/ixyz";
  EXPECT_NE(make_error(o).find("missing right slash"), std::string::npos);
}

TEST_F(TextParsers, Nginx) {
  auto p = make(options("nginx"));
  Collect c = run(
      *p,
      R"(127.0.0.1 192.168.0.1 - [28/Feb/2013:12:00:00 +0900] "GET / HTTP/1.1" 200 777 "-" "Opera/12.0")");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0],
            R"({"remote":"127.0.0.1","host":"192.168.0.1","user":"-","method":"GET","path":"/",)"
            R"("code":"200","size":"777","referer":"-","agent":"Opera/12.0"})");
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 3, 0, 0));
  c = run(
      *p,
      R"(127.0.0.1 192.168.0.1 - [28/Feb/2013:12:00:00 +0900] "GET / HTTP/1.1" 200 777 "-" "Opera/12.0" "127.0.0.1, 192.168.0.1")");
  EXPECT_NE(c.records[0].find(R"("http_x_forwarded_for":"127.0.0.1, 192.168.0.1")"),
            std::string::npos);
}

TEST_F(TextParsers, Apache2ConvertsItsFields) {
  auto p = make(options("apache2"));
  Collect c = run(
      *p,
      R"(192.168.0.1 - - [28/Feb/2013:12:00:00 +0900] "GET / HTTP/1.1" 200 777 "-" "Opera/12.0")");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0],
            R"({"host":"192.168.0.1","user":null,"method":"GET","path":"/","code":200,)"
            R"("size":777,"referer":null,"agent":"Opera/12.0"})");
  EXPECT_EQ(c.times[0].sec, utc(2013, 2, 28, 3, 0, 0));
  c = run(*p, R"(192.168.0.1 - - [28/Feb/2013:12:00:00 +0900] "GET /a\"b HTTP/1.1" 200 - )");
  EXPECT_EQ(c.errors.size(), 1u);
  c = run(*p, R"(192.168.0.1 - - [28/Feb/2013:12:00:00 +0900] "GET /a\"b HTTP/1.1" 200 -)");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0],
            R"({"host":"192.168.0.1","user":null,"method":"GET","path":"/a\\\"b","code":200,)"
            R"("size":null,"referer":null,"agent":null})");
}

TEST_F(TextParsers, ApacheAndApacheError) {
  auto p = make(options("apache"));
  Collect c = run(*p, R"(192.168.0.1 - - [28/Feb/2013:12:00:00 +0900] "GET / HTTP/1.1" 200 777)");
  EXPECT_EQ(
      c.records[0],
      R"({"host":"192.168.0.1","user":"-","method":"GET","path":"/","code":"200","size":"777"})");
  p = make(options("apache_error"));
  c = run(*p,
          "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server "
          "configuration");
  ASSERT_EQ(c.records.size(), 1u) << c.all[0];
  EXPECT_EQ(c.records[0], R"({"level":"error","client":"127.0.0.1","message":"client denied by )"
                          R"(server configuration"})");
  EXPECT_EQ(c.times[0].sec, utc(2000, 10, 11, 14, 32, 52));
}

TEST_F(TextParsers, UnknownAndUnsupportedTypes) {
  EXPECT_NE(make_error(options("xml")).find("Unknown parser plugin 'xml'"), std::string::npos);
  EXPECT_NE(make_error(options("multiline")).find("not supported yet"), std::string::npos);
}

}  // namespace
}  // namespace ferry::parse::test
