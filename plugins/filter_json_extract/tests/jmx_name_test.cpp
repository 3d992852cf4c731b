#include "jmx_name.hpp"

#include <gtest/gtest.h>

namespace ferry::json_extract {
namespace {

std::string describe(JmxName& n, std::string_view text) {
  if (!n.parse(text)) return "<invalid>";
  std::string out(n.domain());
  for (const auto& p : n.properties()) out += "|" + std::string(p.key) + "=" + std::string(p.value);
  return out;
}

TEST(JmxNameTest, DomainAndPropertiesInWrittenOrder) {
  JmxName n;
  EXPECT_EQ(describe(n, "kafka.server:name=BytesInPerSec,topic=metrics,type=BrokerTopicMetrics"),
            "kafka.server|name=BytesInPerSec|topic=metrics|type=BrokerTopicMetrics");
  EXPECT_EQ(describe(n, "kafka.server:type=app-info"), "kafka.server|type=app-info");
  EXPECT_EQ(describe(n, ":type=x"), "|type=x");  // the empty (default) domain
  EXPECT_EQ(describe(n, "java.lang:type=GarbageCollector,name=G1 Young Generation"),
            "java.lang|type=GarbageCollector|name=G1 Young Generation");
}

TEST(JmxNameTest, QuotedValuesAreUnquoted) {
  JmxName n;
  EXPECT_EQ(describe(n, R"(kafka.server:client-id="web frontend,eu-1",type=Produce)"),
            "kafka.server|client-id=web frontend,eu-1|type=Produce");
  EXPECT_EQ(describe(n, R"(d:a="x=1:y",b="say \"hi\" \\ \* \? \n.")"),
            "d|a=x=1:y|b=say \"hi\" \\ * ? \n.");
  EXPECT_EQ(describe(n, R"(d:a="")"), "d|a=");
}

TEST(JmxNameTest, RejectsWhatObjectNameRejects) {
  JmxName n;
  for (const char* bad : {"no-colon", "d:", "d:a", "d:=v", "d:a=", "d:a=b,", "d:a=b,,c=d",
                          "d:a=b,a=c", "d:a=b*", "d:a=?", "d:a=b:c", "d:a=\"x", "d:a=\"x\"y",
                          "d:a=\"x\\q\"", "d:a=\"x*\"", "d:*", "d:a=b,*", "d:a\nb=c"}) {
    EXPECT_FALSE(n.parse(bad)) << bad;
  }
}

TEST(JmxNameTest, ReusedAcrossNames) {
  JmxName n;
  ASSERT_TRUE(n.parse(R"(d:a="1",b="2")"));
  ASSERT_TRUE(n.parse(R"(e:c="3")"));
  EXPECT_EQ(n.domain(), "e");
  ASSERT_EQ(n.properties().size(), 1u);
  EXPECT_EQ(n.properties()[0].value, "3");
}

}  // namespace
}  // namespace ferry::json_extract
