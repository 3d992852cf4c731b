// fluent-plugin-kafka's parameters as librdkafka properties, the way
// out_rdkafka2.rb#build_config maps them (kafka2's ruby-kafka options taken
// to their librdkafka equivalents), then `rdkafka_options` on top.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ferry/host.hpp"

namespace ferry::out_kafka2 {

struct Properties {
  // In the order they are set on the rd_kafka_conf_t; later wins.
  std::vector<std::pair<std::string, std::string>> list;
  // Where each came from, for librdkafka's refusals: "file:line: `param`".
  std::vector<std::string> origin;
  // librdkafka's partitioner name: `partitioner`, else rdkafka_options'
  // `partitioner`, else from partitioner_hash_function. Ferry installs its
  // own partitioner callback (for partition_key_key) that calls it.
  std::string partitioner;
};

// Throws ConfigError (file:line) for a combination Ferry or
// fluent-plugin-kafka refuses, and for a librdkafka property that
// rdkafka_options sets while a written parameter sets it too.
Properties librdkafka_properties(const Config& cfg);

}  // namespace ferry::out_kafka2
