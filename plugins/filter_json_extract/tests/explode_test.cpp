// Explode mode: one record per entry of a map, the entry key read as a JMX
// object name.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ferry::json_extract {
namespace {

using testing::field;
using testing::RecordingSink;
using testing::run;
using testing::run_json;

Settings jolokia() {
  Settings s;
  s.keep_keys = {"hostname"};
  s.fields = {field("timestamp", "$.timestamp")};
  ExplodeSettings x;
  x.path = "$.value";
  s.explode = x;
  return s;
}

constexpr const char* kHead =
    R"({"hostname":"host1","timestamp":1533793373,"domain":"kafka.server",)";

TEST(ExplodeTest, OneRecordPerMBeanWithNameFieldsAndNumericAttributes) {
  RecordingSink sink;
  auto out = run_json(jolokia(), {std::string(testing::kSeedRecord)}, sink);
  const std::string h = kHead;
  EXPECT_EQ(
      out,
      (std::vector<std::string>{
          h + R"("name":"BytesInPerSec","type":"BrokerTopicMetrics","Count":424114943,"FifteenMinuteRate":1.4986931223498863,"FiveMinuteRate":1.5011274353282456,"MeanRate":1.5051617011373155,"OneMinuteRate":1.5})",
          h + R"("name":"BytesOutPerSec","type":"BrokerTopicMetrics","Count":0,"FifteenMinuteRate":0.0,"FiveMinuteRate":0.0,"MeanRate":0.0,"OneMinuteRate":0.0})",
          h + R"("name":"MessagesInPerSec","topic":"metrics","type":"BrokerTopicMetrics","Count":1812,"MeanRate":0.012,"OneMinuteRate":2.2e-05})",
          h + R"("name":"UnderReplicatedPartitions","type":"ReplicaManager","Value":0})",
          h + R"("name":"PartitionCount","type":"ReplicaManager","Value":52})",
          h + R"("name":"LeaderCount","type":"ReplicaManager","Value":26})",
          h + R"("delayedOperation":"Produce","name":"PurgatorySize","type":"DelayedOperationPurgatory","Value":0})",
          h + R"("type":"app-info","start-time-ms":1533790000123})",
      }));
  EXPECT_TRUE(sink.errors.empty());
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(ExplodeTest, ScalarAttributesAddStringsAndBooleans) {
  Settings s = jolokia();
  s.keep_keys.clear();
  s.fields.clear();
  s.explode->attributes = Attributes::kScalar;
  RecordingSink sink;
  auto out = run_json(
      s,
      {R"({"value":{"kafka.server:type=app-info":{"commit-id":"ba0b","version":"2.0.0","start-time-ms":15,"up":true,"none":null,"list":[1]}}})"},
      sink);
  EXPECT_EQ(
      out,
      std::vector<std::string>{
          R"({"domain":"kafka.server","type":"app-info","commit-id":"ba0b","version":"2.0.0","start-time-ms":15,"up":true})"});
}

TEST(ExplodeTest, AllAttributesAreCopiedAsTheyAre) {
  Settings s = jolokia();
  s.keep_keys.clear();
  s.fields.clear();
  s.explode->attributes = Attributes::kAll;
  RecordingSink sink;
  auto out = run_json(
      s, {R"({"value":{"d:type=t":{"s":"x","n":null,"l":[1,"a"],"m":{"k":{"z":1}}}}})"}, sink);
  EXPECT_EQ(out,
            std::vector<std::string>{
                R"({"domain":"d","type":"t","s":"x","n":null,"l":[1,"a"],"m":{"k":{"z":1}}})"});
}

TEST(ExplodeTest, CompositeValuesFlattenWithPrefixAndSeparator) {
  Settings s;
  ExplodeSettings x;
  x.path = "$.value";
  x.attribute_prefix = "jvm_";
  x.flatten_separator = "_";
  s.explode = x;
  RecordingSink sink;
  auto out = run_json(
      s,
      {R"({"value":{"java.lang:type=Memory":{"HeapMemoryUsage":{"committed":3,"init":1,"max":4,"used":2,"deep":{"x":0.5,"s":"no"}},"ObjectPendingFinalizationCount":0,"Verbose":false}}})"},
      sink);
  EXPECT_EQ(
      out,
      std::vector<std::string>{
          R"({"domain":"java.lang","type":"Memory","jvm_HeapMemoryUsage_committed":3,"jvm_HeapMemoryUsage_init":1,"jvm_HeapMemoryUsage_max":4,"jvm_HeapMemoryUsage_used":2,"jvm_HeapMemoryUsage_deep_x":0.5,"jvm_ObjectPendingFinalizationCount":0})"});
  // Without a prefix the names are the entry's own.
  s.explode->attribute_prefix = "";
  s.explode->flatten_separator = ".";
  out = run_json(
      s, {R"({"value":{"java.lang:type=Memory":{"HeapMemoryUsage":{"used":2},"Count":1}}})"}, sink);
  EXPECT_EQ(out,
            std::vector<std::string>{
                R"({"domain":"java.lang","type":"Memory","HeapMemoryUsage.used":2,"Count":1})"});
}

TEST(ExplodeTest, KeyFieldDomainKeyAndPropertyPrefix) {
  Settings s;
  ExplodeSettings x;
  x.path = "$.value";
  x.key_field = "mbean";
  x.domain_key = "";
  x.property_prefix = "jmx_";
  s.explode = x;
  RecordingSink sink;
  auto out = run_json(
      s,
      {R"({"value":{"kafka.server:client-id=\"web frontend,eu-1\",type=Produce":{"byte-rate":48211.9}}})"},
      sink);
  EXPECT_EQ(
      out,
      std::vector<std::string>{
          R"({"mbean":"kafka.server:client-id=\"web frontend,eu-1\",type=Produce","jmx_client-id":"web frontend,eu-1","jmx_type":"Produce","byte-rate":48211.9})"});
}

TEST(ExplodeTest, PlainKeysGoToKeyFieldOnly) {
  Settings s;
  s.source_key = "message";
  ExplodeSettings x;
  x.path = "$.hosts";
  x.key_format = KeyFormat::kPlain;
  x.key_field = "host";
  s.explode = x;
  RecordingSink sink;
  auto out = run(s,
                 testing::event_with_text(
                     1, "message", R"({"hosts":{"web:1":{"load":0.5},"db=2":{"load":1.5}}})"),
                 sink);
  EXPECT_EQ(out, (std::vector<std::string>{R"({"host":"web:1","load":0.5})",
                                           R"({"host":"db=2","load":1.5})"}));
}

TEST(ExplodeTest, KeptKeysWinOverExtractedOnesWithOneWarning) {
  Settings s = jolokia();
  s.keep_keys = {"hostname", "topic"};
  RecordingSink sink;
  auto out =
      run_json(s, {std::string(testing::kSeedRecord), std::string(testing::kSeedRecord)}, sink);
  ASSERT_EQ(out.size(), 16u);
  EXPECT_EQ(
      out[2],
      R"({"hostname":"host1","topic":"kafka.metrics","timestamp":1533793373,"domain":"kafka.server","name":"MessagesInPerSec","type":"BrokerTopicMetrics","Count":1812,"MeanRate":0.012,"OneMinuteRate":2.2e-05})");
  EXPECT_EQ(sink.warnings,
            std::vector<std::string>{
                "<explode>: `topic` of entry "
                "`kafka.server:name=MessagesInPerSec,topic=metrics,type=BrokerTopicMetrics` is "
                "shadowed by the kept or extracted field of that name (the first one wins; a "
                "property_prefix or attribute_prefix keeps both). Warned once."});
  // A prefix keeps both.
  s.explode->property_prefix = "mbean_";
  out = run_json(s, {std::string(testing::kSeedRecord)}, sink);
  EXPECT_EQ(
      out[2],
      R"({"hostname":"host1","topic":"kafka.metrics","timestamp":1533793373,"domain":"kafka.server","mbean_name":"MessagesInPerSec","mbean_topic":"metrics","mbean_type":"BrokerTopicMetrics","Count":1812,"MeanRate":0.012,"OneMinuteRate":2.2e-05})");
}

TEST(ExplodeTest, NamePropertiesWinOverAttributesOfTheSameName) {
  Settings s;
  ExplodeSettings x;
  x.path = "v";
  x.domain_key = "";
  s.explode = x;
  RecordingSink sink;
  EXPECT_EQ(run_json(s, {R"({"v":{"d:type=t,Value=p":{"Value":1,"type":2,"Other":3}}})"}, sink),
            std::vector<std::string>{R"({"type":"t","Value":"p","Other":3})"});
}

TEST(ExplodeTest, BadNamesAndEntriesWithoutAttributesAreSkippedAndCounted) {
  Settings s;
  ExplodeSettings x;
  x.path = "$.value";
  s.explode = x;
  RecordingSink sink;
  Extractor e(s);
  std::string out;
  ASSERT_EQ(
      e.run(
          testing::event(
              1,
              R"({"value":{"no colon":{"a":1},"d:type=ok":{"a":1},"d:type=str":{"s":"x"},"d:type=bare":7,"d:type=null":null}})"),
          out, sink),
      2u);
  EXPECT_EQ(testing::decode(out)[0].json, R"({"domain":"d","type":"ok","a":1})");
  EXPECT_EQ(testing::decode(out)[1].json, R"({"domain":"d","type":"bare","value":7})");
  EXPECT_EQ(e.stats().entries_bad_name, 1u);
  EXPECT_EQ(e.stats().entries_empty, 2u);
  EXPECT_EQ(sink.debugs,
            (std::vector<std::string>{
                "skipped an entry that is not a JMX object name `no colon` (1 so far)",
                "skipped an entry with no attribute to write `d:type=str` (1 so far)",
                "skipped an entry with no attribute to write `d:type=null` (2 so far)"}));
}

TEST(ExplodeTest, NoMapAtThePathDropsTheRecord) {
  Settings s = jolokia();
  RecordingSink sink;
  Extractor e(s);
  std::string out;
  EXPECT_EQ(e.run(testing::event(1, R"({"value":[1],"hostname":"h"})") +
                      testing::event(1, R"({"error":"Not found","status":404})"),
                  out, sink),
            0u);
  EXPECT_EQ(e.stats().dropped_missing, 2u);
  EXPECT_EQ(sink.debugs.back(), "dropped a record with no map at `$.value` (2 so far)");
}

TEST(ExplodeTest, PlainKeyFormatNeedsKeyField) {
  Settings s;
  s.location = "fluent.conf:3";
  ExplodeSettings x;
  x.path = "$.v";
  x.key_format = KeyFormat::kPlain;
  x.location = "fluent.conf:7";
  s.explode = x;
  EXPECT_EQ(
      testing::config_error(s),
      "fluent.conf:7: <explode> key_format plain needs key_field (else the entry key is lost)");
  s.explode->path = "$.v w";
  s.explode->key_field = "k";
  EXPECT_EQ(testing::config_error(s),
            "fluent.conf:7: <explode> path: whitespace is not allowed in a dot key (use ['...']) "
            "in path: $.v w");
}

}  // namespace
}  // namespace ferry::json_extract
