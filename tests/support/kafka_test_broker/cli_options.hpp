#pragma once
#include <optional>
#include <string>
#include <vector>

#include "topic_spec.hpp"

namespace ferry::kafka_test {

// kafka-test-broker's command line (usage text: kUsage).
struct CliOptions {
  int brokers = 3;
  std::vector<TopicSpec> topics;
  std::string bootstrap_file;
  std::string control_port_file;
  int rtt_ms = 0;
  std::string debug;  // librdkafka debug contexts, e.g. "mock"
  bool help = false;
};

extern const char* const kUsage;

// nullopt and `error` set on a bad command line.
std::optional<CliOptions> parse_cli(int argc, char** argv, std::string& error);

}  // namespace ferry::kafka_test
