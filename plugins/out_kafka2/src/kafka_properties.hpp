// fluent-plugin-kafka's parameters as librdkafka properties, the way
// out_rdkafka2.rb#build_config maps them (kafka2's ruby-kafka options taken
// to their librdkafka equivalents), then `rdkafka_options` on top. The
// parts every Kafka plugin maps alike are in plugins/kafka_common.
#pragma once
#include <string>

#include "ferry/host.hpp"
#include "kafka_common.hpp"

namespace ferry::out_kafka2 {

struct Properties : kafka::Properties {
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
