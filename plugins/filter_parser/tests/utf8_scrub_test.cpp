#include "utf8_scrub.hpp"

#include <gtest/gtest.h>

namespace ferry::parser_filter {
namespace {

std::string scrub(std::string_view s) {
  std::string out;
  return scrub_utf8(s, "?", out) ? std::string(s) : out;
}

TEST(Utf8Scrub, ValidTextIsLeftAlone) {
  std::string out = "untouched";
  EXPECT_TRUE(scrub_utf8("caf\xC3\xA9", "?", out));
  EXPECT_EQ(out, "untouched");
}

TEST(Utf8Scrub, EachIllFormedSubsequenceBecomesOneReplacement) {
  EXPECT_EQ(scrub("a\xFF"
                  "b"),
            "a?b");
  EXPECT_EQ(scrub("a\xE3\x81"
                  "b"),
            "a?b");                         // a 3-byte sequence cut after 2
  EXPECT_EQ(scrub("\xE3\x81\xFF"), "??");   // cut sequence, then a stray byte
  EXPECT_EQ(scrub("\xED\xA0\x80"), "???");  // a surrogate: nothing valid after ED
  EXPECT_EQ(scrub("\xF0\x9F\x98"), "?");    // a 4-byte sequence cut after 3
  EXPECT_EQ(scrub("\xC0\xAF"), "??");       // overlong: both bytes stray
  EXPECT_EQ(scrub("ok\xF0\x9F\x98\x80"), "ok\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace ferry::parser_filter
