#include "text/utf8.hpp"

#include <gtest/gtest.h>

namespace ferry::text {
namespace {

// Moved from tests/unit/format/json_writer_test.cpp.
TEST(Utf8, Validation) {
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

TEST(Utf8, DecodeGivesLengthAndCodePoint) {
  uint32_t cp = 0;
  EXPECT_EQ(utf8_decode("a", 0, cp), 1u);
  EXPECT_EQ(cp, uint32_t('a'));
  EXPECT_EQ(utf8_decode("x\xC3\xA9", 1, cp), 2u);
  EXPECT_EQ(cp, 0xE9u);
  EXPECT_EQ(utf8_decode("\xE2\x82\xAC", 0, cp), 3u);
  EXPECT_EQ(cp, 0x20ACu);
  EXPECT_EQ(utf8_decode("\xF0\x9F\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, 0x1F600u);
  EXPECT_EQ(utf8_decode("\x80", 0, cp), 0u);  // stray continuation byte
  EXPECT_EQ(utf8_decode("\xC3"
                        "a",
                        0, cp),
            0u);  // lead byte without continuation
}

TEST(Utf8, EncodeRoundTrips) {
  for (uint32_t want : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) {
    std::string s;
    append_utf8(s, want);
    uint32_t cp = 0;
    EXPECT_EQ(utf8_decode(s, 0, cp), s.size());
    EXPECT_EQ(cp, want);
  }
}

}  // namespace
}  // namespace ferry::text
