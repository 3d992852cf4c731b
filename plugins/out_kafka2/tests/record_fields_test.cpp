// out_kafka2's per-record field rules (out_kafka2.rb#write's order).
#include "record_fields.hpp"

#include <gtest/gtest.h>

#include "format/json_to_msgpack.hpp"
#include "format/json_writer.hpp"

// GCC 12 flags the std::optional<std::string> members of a local FieldRules
// as maybe-uninitialized when inlined (a known false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace ferry::out_kafka2 {
namespace {

std::string mp(std::string_view json) {
  format::JsonToMsgpack conv;
  std::string out, error;
  EXPECT_TRUE(conv.convert(json, out, &error)) << error;
  return out;
}

std::string json(const std::string& msgpack) {
  std::string out, error;
  const auto* p = reinterpret_cast<const uint8_t*>(msgpack.data());
  EXPECT_TRUE(format::append_json(out, p, p + msgpack.size(), format::JsonStyle::kOj, &error))
      << error;
  return out;
}

format::RecordAccessor path(std::string_view text) {
  std::string error;
  auto a = format::RecordAccessor::parse(text, &error);
  EXPECT_TRUE(a) << error;
  return *a;
}

TEST(RecordFields, KeysAndDefaultsWithoutExclusionKeepTheRecord) {
  FieldRules rules;
  rules.partition_key_key = "hostname";
  rules.default_message_key = "nohostname";
  MessageFields f;
  std::string error;
  const std::string rec = mp(R"({"topic":"kafka.metrics","hostname":"h1","v":1})");
  ASSERT_TRUE(extract_fields(rules, rec, f, &error)) << error;
  EXPECT_EQ(f.partition_key, "h1");
  EXPECT_EQ(f.message_key, "nohostname");
  EXPECT_FALSE(f.partition);
  EXPECT_EQ(f.record, rec);
}

TEST(RecordFields, ExclusionsDeleteTheFields) {
  FieldRules rules;
  rules.exclude_topic_key = rules.exclude_partition_key = rules.exclude_partition =
      rules.exclude_message_key = true;
  MessageFields f;
  std::string error;
  ASSERT_TRUE(extract_fields(rules,
                             mp(R"({"topic":"t","partition_key":7,"partition":2,)"
                                R"("message_key":"k","a":1})"),
                             f, &error))
      << error;
  EXPECT_EQ(f.partition_key, "7");  // Ruby to_s of the value
  EXPECT_EQ(f.partition, 2);
  EXPECT_EQ(f.message_key, "k");
  EXPECT_EQ(json(f.record), R"({"a":1})");
}

TEST(RecordFields, NilAndFalseFallBackToDefaults) {
  FieldRules rules;
  rules.default_message_key = "d";
  rules.default_partition = 3;
  MessageFields f;
  std::string error;
  ASSERT_TRUE(extract_fields(rules, mp(R"({"message_key":null,"partition":false})"), f, &error));
  EXPECT_EQ(f.message_key, "d");
  EXPECT_EQ(f.partition, 3);
}

TEST(RecordFields, PartitionMustBeANumber) {
  FieldRules rules;
  MessageFields f;
  std::string error;
  EXPECT_FALSE(extract_fields(rules, mp(R"({"partition":"two"})"), f, &error));
  EXPECT_NE(error.find("partition"), std::string::npos);
  EXPECT_FALSE(extract_fields(rules, mp(R"([1,2])"), f, &error));
}

TEST(RecordFields, HeadersFromRecordExcludeFieldsAndRecordKey) {
  FieldRules rules;
  rules.headers_from_record.emplace_back("trace", path("$.meta.trace"));
  rules.headers_from_record.emplace_back("none", path("missing"));
  rules.exclude_fields.push_back(path("$.meta.secret"));
  MessageFields f;
  std::string error;
  ASSERT_TRUE(extract_fields(rules, mp(R"({"meta":{"trace":"abc","secret":1},"x":2})"), f, &error));
  ASSERT_EQ(f.headers.size(), 2u);
  EXPECT_EQ(f.headers[0].second, "abc");
  EXPECT_FALSE(f.headers[1].second);
  EXPECT_EQ(json(f.record), R"({"meta":{"trace":"abc"},"x":2})");

  rules.record_key = path("$.meta");
  ASSERT_TRUE(extract_fields(rules, mp(R"({"meta":{"trace":"abc"},"x":2})"), f, &error));
  EXPECT_EQ(json(f.record), R"({"trace":"abc"})");
}

}  // namespace
}  // namespace ferry::out_kafka2
