// The Ruby -> PCRE2 source translation shared by parsers and tag patterns.
#include "parse/ruby_regex.hpp"

#include <gtest/gtest.h>

namespace ferry::parse {
namespace {

std::string translated(std::string_view ruby) {
  std::string error;
  auto out = ruby_regex_to_pcre2(ruby, &error);
  return out ? *out : "error: " + error;
}

TEST(RubyRegexToPcre2, HexEscapesOptionGroupsAndPosixClasses) {
  EXPECT_EQ(translated(R"(\h+\H)"), "[0-9a-fA-F]+[^0-9a-fA-F]");
  EXPECT_EQ(translated(R"([\h_])"), "[0-9a-fA-F_]");
  EXPECT_EQ(translated("(?m:a.b)(?mi)"), "(?s:a.b)(?si)");
  EXPECT_EQ(translated("[[:alpha:]](?<m>x)"), "[[:alpha:]](?<m>x)");
  EXPECT_EQ(translated(R"([]\]]\d)"), R"([]\]]\d)");
}

TEST(RubyRegexToPcre2, NegatedHexInsideAClassIsRefused) {
  EXPECT_EQ(translated(R"([\H])"),
            "error: \\H inside a character class is not supported (write the hex digits out)");
  std::string error;
  EXPECT_FALSE(RubyRegex::compile(R"([\H])", "", &error));
  EXPECT_NE(error.find("\\H inside a character class"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferry::parse
