// Bad input never crashes a parser; failures quote a cut, escaped text.
#include <gtest/gtest.h>

#include <random>

#include "parse/stream_splitter.hpp"
#include "parse/text_cut.hpp"
#include "parse/time_parser.hpp"
#include "parse_test_util.hpp"

namespace ferry::parse::test {
namespace {

ParseOptions configured(const char* type) {
  ParseOptions o = options(type);
  if (std::string(type) == "csv" || std::string(type) == "tsv") {
    o.keys = std::vector<std::string>{"a", "b"};
  }
  if (std::string(type) == "regexp") o.expression = "/^(?<a>\\w+) (?<b>.*)$/";
  return o;
}

TEST(BadInput, QuotedTextIsCutAndEscaped) {
  EXPECT_EQ(quote_for_message("a\tb\n\x01'\\"), "'a\\tb\\n\\x01\\'\\\\'");
  EXPECT_EQ(quote_for_message("caf\xc3\xa9 \xff"), "'caf\xc3\xa9 \\xFF'");
  // Not UTF-8: an overlong NUL and a UTF-16 surrogate are escaped bytes.
  EXPECT_EQ(quote_for_message("\xc0\x80"), "'\\xC0\\x80'");
  EXPECT_EQ(quote_for_message("\xed\xa0\x80"), "'\\xED\\xA0\\x80'");
  std::string longer(1000, 'x');
  std::string q = quote_for_message(longer);
  EXPECT_EQ(q, "'" + std::string(200, 'x') + "'... (1000 bytes)");
  // A multibyte character is not split at the cut.
  std::string utf = std::string(199, 'x') + "\xc3\xa9" + "tail";
  EXPECT_EQ(quote_for_message(utf), "'" + std::string(199, 'x') + "'... (205 bytes)");
}

TEST(BadInput, OverlongLineFailsWithACutMessage) {
  ParseOptions o = options("regexp");
  o.expression = "/^(?<a>\\d+)$/";
  auto p = make(o);
  std::string line(10 << 20, 'z');
  Collect c = run(*p, line);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_LT(c.errors[0].size(), 300u);
  EXPECT_NE(c.errors[0].find("(10485760 bytes)"), std::string::npos);
}

TEST(BadInput, InvalidUtf8IsParsedOrFailedCleanly) {
  ParseOptions o = options("regexp");
  o.expression = "/^(?<a>.)(?<b>.*)$/";
  auto p = make(o);
  Collect c = run(*p, "\xff\xfeok");
  ASSERT_EQ(c.all.size(), 1u);
  c = run(*make(options("json")), "{\"a\":\"\xff\"}");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("\\xFF"), std::string::npos) << c.errors[0];
  c = run(*make(options("ltsv")), "a:\xff\xfe\tb:\xc3");
  ASSERT_EQ(c.records.size(), 1u);
}

TEST(BadInput, CatastrophicBacktrackingIsBounded) {
  ParseOptions o = options("regexp");
  o.expression = "/^(?<a>(\\w+\\s?)+)$/";
  auto p = make(o);
  Collect c = run(*p, std::string(5000, 'a') + "!");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("parsing timed out"), std::string::npos) << c.errors[0];
}

TEST(BadInput, RandomBytesNeverCrashAnyParser) {
  std::mt19937 rng(42);
  for (const char* type :
       {"json", "msgpack", "ltsv", "csv", "tsv", "regexp", "none", "syslog", "apache2", "nginx"}) {
    auto p = make(configured(type));
    for (int round = 0; round < 300; ++round) {
      std::string junk(size_t(rng() % 64), '\0');
      for (char& ch : junk) ch = char(rng() % 256);
      if (round % 3 == 0) junk = "{\"a\":[1,{\"b\":" + junk;
      if (round % 3 == 1 && !junk.empty()) junk[0] = char(0x80 | (rng() % 32));  // fixmap
      // Collect checks every event is a well-formed [time, record].
      Collect c = run(*p, junk);
      if (!junk.empty()) {
        EXPECT_GE(c.all.size(), 1u) << type;
      }
    }
  }
}

TEST(BadInput, RandomStreamsAndTimesNeverCrash) {
  std::mt19937 rng(7);
  auto junk = [&](size_t max) {
    std::string s(size_t(rng() % max), '\0');
    for (char& ch : s) ch = "{}[]\"\\:,0a \n\xc1\x92\x81\xdb\xff"[rng() % 17];
    return s;
  };
  for (const char* type : {"json", "msgpack", "none"}) {
    auto p = make(configured(type));
    StreamSplitter s(*p, 256);
    for (int round = 0; round < 500; ++round) {
      Collect c;
      s.feed(junk(128), round % 7 == 0, c);
    }
  }
  for (const char* format : {"%Y-%m-%dT%H:%M:%S.%N%z", "%b %d %H:%M:%S", "%s", "%iso8601",
                             "%d/%b/%Y:%H:%M:%S %z %p %j %Z"}) {
    TimeParseOptions o;
    o.format = format;
    auto t = TimeParser::create(o, nullptr);
    ASSERT_TRUE(t);
    TimeParseOptions none;
    auto any = TimeParser::create(none, nullptr);
    for (int round = 0; round < 500; ++round) {
      std::string text = junk(40) + "2013-02-28 12:00" + junk(10);
      EventTime out;
      t->parse_text(text, out, nullptr);
      any->parse_text(text, out, nullptr);
    }
  }
}

}  // namespace
}  // namespace ferry::parse::test
