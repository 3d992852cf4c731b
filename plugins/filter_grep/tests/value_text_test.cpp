#include "value_text.hpp"

#include <gtest/gtest.h>

#include "format/msgpack_writer.hpp"
#include "test_support.hpp"

namespace ferry::grep {
namespace {

std::string to_s(const std::string& mp, bool* scrubbed = nullptr) {
  std::string buf;
  std::string_view subject;
  bool s = false;
  const auto* p = reinterpret_cast<const uint8_t*>(mp.data());
  EXPECT_TRUE(subject_of(p, p + mp.size(), buf, subject, s));
  if (scrubbed) *scrubbed = s;
  return std::string(subject);
}

std::string json_to_s(std::string_view json) {
  return to_s(testing::msgpack_of(json));
}

TEST(ValueTextTest, RubyToSOfEachType) {
  EXPECT_EQ(json_to_s(R"("text")"), "text");
  EXPECT_EQ(json_to_s("200"), "200");
  EXPECT_EQ(json_to_s("-3"), "-3");
  EXPECT_EQ(json_to_s("1.5"), "1.5");
  EXPECT_EQ(json_to_s("1.0"), "1.0");
  EXPECT_EQ(json_to_s("2.2e-5"), "2.2e-05");
  EXPECT_EQ(json_to_s("1e20"), "1.0e+20");
  EXPECT_EQ(json_to_s("true"), "true");
  EXPECT_EQ(json_to_s("null"), "");
  EXPECT_EQ(json_to_s(R"({"a":1,"b":"x"})"), R"({"a"=>1, "b"=>"x"})");
  EXPECT_EQ(json_to_s(R"([1,"a",null])"), R"([1, "a", nil])");
  std::string bin;
  format::mp_bin(bin, "\xff\x01");
  EXPECT_EQ(to_s(bin), "\xff\x01");  // ASCII-8BIT: matched as bytes, no scrub
}

TEST(ValueTextTest, MissingIsTheEmptyString) {
  std::string buf;
  std::string_view subject = "x";
  bool scrubbed = true;
  ASSERT_TRUE(subject_of(nullptr, nullptr, buf, subject, scrubbed));
  EXPECT_EQ(subject, "");
  EXPECT_FALSE(scrubbed);
}

TEST(ValueTextTest, InvalidUtf8IsScrubbed) {
  std::string mp;
  format::mp_str(mp, "ok \xff\xfe end");
  bool scrubbed = false;
  EXPECT_EQ(to_s(mp, &scrubbed), "ok ?? end");
  EXPECT_TRUE(scrubbed);
}

TEST(ValueTextTest, ScrubReplacesEachMaximalInvalidSubpartOnce) {
  auto scrub = [](std::string_view s) {
    std::string out;
    ruby_scrub(s, out);
    return out;
  };
  EXPECT_EQ(scrub("abc"), "abc");
  EXPECT_EQ(scrub("\xe3\x81\x82"), "\xe3\x81\x82");  // valid
  EXPECT_EQ(scrub("\xe3\x81"
                  "A"),
            "?A");  // truncated 3-byte sequence: one '?'
  EXPECT_EQ(scrub("\xf0\x9f\x98"
                  "A"),
            "?A");
  EXPECT_EQ(scrub("\xff\xff"), "??");
  EXPECT_EQ(scrub("\xc0\xaf"), "??");       // never-valid lead, lone continuation
  EXPECT_EQ(scrub("\xed\xa0\x80"), "???");  // surrogate: the second byte is out of range
  EXPECT_EQ(scrub("\xe3"), "?");
}

}  // namespace
}  // namespace ferry::grep
