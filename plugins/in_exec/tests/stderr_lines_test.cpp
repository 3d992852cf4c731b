#include "stderr_lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ferry::exec {
namespace {

struct Log {
  std::vector<std::string> lines;
  StderrLines make(size_t max_line, uint32_t per_second) {
    return StderrLines(max_line, per_second, [this](std::string_view l) { lines.emplace_back(l); });
  }
};

TEST(StderrLines, SplitsLinesAcrossReadsAndChompsCr) {
  Log log;
  StderrLines s = log.make(100, 100);
  s.feed("first\r\nsec", 1);
  s.feed("ond\n", 1);
  s.feed("tail", 1);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"first", "second"}));
  s.finish(1);
  EXPECT_EQ(log.lines.back(), "tail");
}

TEST(StderrLines, CutsOverlongLinesAndSkipsTheirRest) {
  Log log;
  StderrLines s = log.make(5, 100);
  s.feed("abcdefgh", 1);
  s.feed(std::string(10000, 'x'), 1);
  s.feed("yy\nok\n", 1);
  ASSERT_EQ(log.lines.size(), 2u);
  EXPECT_EQ(log.lines[0], "abcde... (line cut at 5 bytes)");
  EXPECT_EQ(log.lines[1], "ok");
}

TEST(StderrLines, LimitsLinesPerSecondAndReportsTheRest) {
  Log log;
  StderrLines s = log.make(100, 2);
  s.feed("a\nb\nc\nd\n", 7);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"a", "b"}));
  s.feed("e\n", 8);  // a new second: the count of held-back lines first
  ASSERT_EQ(log.lines.size(), 4u);
  EXPECT_EQ(log.lines[2], "(2 more stderr lines not logged: over 2 lines per second)");
  EXPECT_EQ(log.lines[3], "e");
}

}  // namespace
}  // namespace ferry::exec
