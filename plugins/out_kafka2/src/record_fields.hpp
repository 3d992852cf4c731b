// What out_kafka2 takes out of one record before formatting it, in the
// order out_kafka2.rb#write does it: the topic key deleted
// (exclude_topic_key), the partition key, partition and message key read
// (and deleted with exclude_*), headers read from the record, exclude_fields
// deleted, then record_key picks the sub-value that is formatted.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "format/record_accessor.hpp"

namespace ferry::out_kafka2 {

struct FieldRules {
  std::string topic_key = "topic";
  bool exclude_topic_key = false;
  std::string partition_key_key = "partition_key";
  bool exclude_partition_key = false;
  std::optional<std::string> default_partition_key = std::nullopt;
  std::string partition_key = "partition";
  bool exclude_partition = false;
  std::optional<int32_t> default_partition = std::nullopt;
  std::string message_key_key = "message_key";
  bool exclude_message_key = false;
  std::optional<std::string> default_message_key = std::nullopt;
  std::vector<std::pair<std::string, format::RecordAccessor>> headers_from_record;
  std::vector<format::RecordAccessor> exclude_fields;
  std::optional<format::RecordAccessor> record_key;
};

// One record's message parts. Reused from record to record (clear() keeps
// the capacity), so a chunk is processed without allocating per record.
struct MessageFields {
  std::optional<std::string> partition_key;  // hashed by the partitioner
  std::optional<int32_t> partition;          // explicit partition number
  std::optional<std::string> message_key;
  // From headers_from_record, in table order; nullopt: the path is nil.
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  std::string record;  // the MessagePack value to format

  void clear();
};

// Fills `out` from the MessagePack map `record`. False with *error when the
// record is not a well-formed map or its partition field is not an integer
// (the record cannot be sent; the caller sends it to the error path).
bool extract_fields(const FieldRules& rules, std::string_view record, MessageFields& out,
                    std::string* error);

}  // namespace ferry::out_kafka2
