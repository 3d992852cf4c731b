// librdkafka's built-in partitioners by their `partitioner` property names.
#pragma once
#include <librdkafka/rdkafka.h>

#include <string_view>

namespace ferry::out_kafka2 {

using PartitionerFn = int32_t (*)(const rd_kafka_topic_t*, const void*, size_t, int32_t, void*,
                                  void*);

// nullptr for an unknown name.
inline PartitionerFn builtin_partitioner(std::string_view name) {
  if (name == "random") return &rd_kafka_msg_partitioner_random;
  if (name == "consistent") return &rd_kafka_msg_partitioner_consistent;
  if (name == "consistent_random") return &rd_kafka_msg_partitioner_consistent_random;
  if (name == "murmur2") return &rd_kafka_msg_partitioner_murmur2;
  if (name == "murmur2_random") return &rd_kafka_msg_partitioner_murmur2_random;
  if (name == "fnv1a") return &rd_kafka_msg_partitioner_fnv1a;
  if (name == "fnv1a_random") return &rd_kafka_msg_partitioner_fnv1a_random;
  return nullptr;
}

}  // namespace ferry::out_kafka2
