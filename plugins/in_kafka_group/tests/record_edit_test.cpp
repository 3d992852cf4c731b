#include "record_edit.hpp"

#include <gtest/gtest.h>

#include "format/msgpack_writer.hpp"
#include "settings.hpp"

namespace ferry::kafka_group {
namespace {

std::string map_ab() {
  std::string m;
  format::mp_map_header(m, 2);
  format::mp_str(m, "a");
  format::mp_int(m, 1);
  format::mp_str(m, "b");
  format::mp_array_header(m, 1);
  format::mp_str(m, "x");
  return m;
}

TEST(RecordEdit, AppendsNewFields) {
  std::string out;
  ASSERT_TRUE(set_fields(map_ab(), {{"k", "key-1"}, {"h", std::nullopt}}, out));
  std::string want;
  format::mp_map_header(want, 4);
  want += map_ab().substr(1);
  format::mp_str(want, "k");
  format::mp_str(want, "key-1");
  format::mp_str(want, "h");
  format::mp_nil(want);
  EXPECT_EQ(out, want);
}

TEST(RecordEdit, ReplacesExistingFieldInPlaceLastWins) {
  std::string out;
  ASSERT_TRUE(set_fields(map_ab(), {{"a", "first"}, {"a", "second"}}, out));
  std::string want;
  format::mp_map_header(want, 2);
  format::mp_str(want, "a");
  format::mp_str(want, "second");
  format::mp_str(want, "b");
  format::mp_array_header(want, 1);
  format::mp_str(want, "x");
  EXPECT_EQ(out, want);
}

TEST(RecordEdit, DuplicateNewFieldsAppearOnce) {
  std::string out;
  ASSERT_TRUE(set_fields(map_ab(), {{"h", "1"}, {"h", "2"}}, out));
  std::string want;
  format::mp_map_header(want, 3);
  want += map_ab().substr(1);
  format::mp_str(want, "h");
  format::mp_str(want, "2");
  EXPECT_EQ(out, want);
}

TEST(RecordEdit, RefusesNonMapsAndTruncatedInput) {
  std::string out;
  std::string arr;
  format::mp_array_header(arr, 0);
  EXPECT_FALSE(set_fields(arr, {{"k", "v"}}, out));
  std::string m = map_ab();
  m.pop_back();
  EXPECT_FALSE(set_fields(m, {{"k", "v"}}, out));
  EXPECT_FALSE(set_fields(map_ab() + "x", {{"k", "v"}}, out));
}

TEST(SubscriptionTopics, FluentdRegexFormBecomesLibrdkafkaForm) {
  EXPECT_EQ(subscription_topics({" a ", "^b\\..*", "/c.+/", "", "/"}),
            (std::vector<std::string>{"a", "^b\\..*", "^c.+", "/"}));
}

}  // namespace
}  // namespace ferry::kafka_group
