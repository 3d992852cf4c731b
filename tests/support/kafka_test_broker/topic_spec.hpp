#pragma once
#include <optional>
#include <string>

namespace ferry::kafka_test {

struct TopicSpec {
  std::string name;
  int partitions = 1;
  int replication_factor = 1;
};

// "name:partitions[:replication]". Kafka topic names never contain ':'
// (legal: [A-Za-z0-9._-], at most 249 characters). Replication is 1..N as
// in Kafka and defaults to min(3, N), the mock's own default for topics it
// creates itself.
// The same checks on the parts already apart (the control channel's words).
std::optional<TopicSpec> make_topic_spec(const std::string& name, const std::string& partitions,
                                         const std::optional<std::string>& replication,
                                         int broker_count, std::string& error);

std::optional<TopicSpec> parse_topic_spec(const std::string& text, int broker_count,
                                          std::string& error);

}  // namespace ferry::kafka_test
