#include "transcoder.hpp"

#include <gtest/gtest.h>

namespace ferry::exec {
namespace {

TEST(Transcoder, KnowsRubyEncodingNames) {
  std::string error;
  EXPECT_TRUE(Transcoder::supported("Shift_JIS", &error));
  EXPECT_TRUE(Transcoder::supported("UTF-8", &error));
  EXPECT_TRUE(Transcoder::supported("ASCII-8BIT", &error));
  EXPECT_FALSE(Transcoder::supported("no-such-enc", &error));
  EXPECT_EQ(error, "unknown encoding name - no-such-enc");
  EXPECT_EQ(Transcoder::create("utf-8"), nullptr);  // nothing to convert
}

TEST(Transcoder, ConvertsAcrossReadBoundaries) {
  auto t = Transcoder::create("Shift_JIS");
  ASSERT_NE(t, nullptr);
  // "日本" in Shift_JIS is 93 FA 96 7B; cut inside the second character.
  std::string out;
  t->convert("a\x93\xFA\x96", false, out);
  EXPECT_EQ(out, "a\xE6\x97\xA5");
  t->convert("\x7B\n", true, out);
  EXPECT_EQ(out, "a\xE6\x97\xA5\xE6\x9C\xAC\n");
}

TEST(Transcoder, InvalidBytesBecomeReplacementCharacters) {
  auto t = Transcoder::create("US-ASCII");
  ASSERT_NE(t, nullptr);
  std::string out;
  t->convert(
      "a\xFF"
      "b",
      true, out);
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b");
  auto s = Transcoder::create("Shift_JIS");
  out.clear();
  s->convert("x\x93", true, out);  // a lead byte with nothing after it
  EXPECT_EQ(out, "x\xEF\xBF\xBD");
}

}  // namespace
}  // namespace ferry::exec
