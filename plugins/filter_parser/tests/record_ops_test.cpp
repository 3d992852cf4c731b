#include "record_ops.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::parser_filter {
namespace {

using testing::mp;

TEST(RecordOps, MergeKeepsRecordOrderAndAppendsNewKeys) {
  std::string out;
  ASSERT_TRUE(append_merged(out, mp(R"({"a":1,"log":"x","b":2})"), mp(R"({"c":3,"a":9})")));
  EXPECT_EQ(out, mp(R"({"a":9,"log":"x","b":2,"c":3})"));
}

TEST(RecordOps, MergeWithEmptyMapsAndRepeatedKeys) {
  std::string out;
  ASSERT_TRUE(append_merged(out, mp(R"({"a":1})"), "\x80"));
  EXPECT_EQ(out, mp(R"({"a":1})"));
  out.clear();
  // {"k":1,"k":2} as Ruby's unpacker sees it: one key, the last value.
  std::string repeated = "\x82\xa1k\x01\xa1k\x02";
  ASSERT_TRUE(append_merged(out, repeated, mp(R"({"z":0})")));
  EXPECT_EQ(out, mp(R"({"k":2,"z":0})"));
}

TEST(RecordOps, StringAndBinaryKeysWithTheSameBytesAreOneKey) {
  std::string out;
  std::string bin_key = "\x81\xc4\x01k\x01";  // {bin "k" => 1}
  ASSERT_TRUE(append_merged(out, bin_key, mp(R"({"k":5})")));
  EXPECT_EQ(out, "\x81\xc4\x01k\x05");
}

TEST(RecordOps, PrefixAndWrap) {
  std::string out;
  ASSERT_TRUE(append_prefixed(out, mp(R"({"a":1,"b":{"c":2}})"), "p_"));
  EXPECT_EQ(out, mp(R"({"p_a":1,"p_b":{"c":2}})"));
  out.clear();
  append_wrapped(out, "parsed", mp(R"({"a":1})"));
  EXPECT_EQ(out, mp(R"({"parsed":{"a":1}})"));
}

TEST(RecordOps, MalformedMapsAreRefused) {
  std::string out;
  EXPECT_FALSE(append_merged(out, "\x82\xa1k", mp("{}")));
  EXPECT_FALSE(append_prefixed(out, "\x01", "p"));
}

}  // namespace
}  // namespace ferry::parser_filter
