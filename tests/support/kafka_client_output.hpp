#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::test {

// One message as `kafka-client consume` prints it (docs/testing-kafka.md).
// Bytes printed as {"base64":...} are decoded: key/value hold the raw bytes.
struct KafkaRecord {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::optional<std::string> key;    // nullopt: no key
  std::optional<std::string> value;  // nullopt: null value (tombstone)
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;  // in order
  int64_t timestamp = -1;
  std::string timestamp_type;  // "create", "log_append" or "none"
};

// One delivery report as `kafka-client produce` prints it.
struct KafkaDelivery {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::optional<std::string> key;
  std::optional<std::string> error;  // "NAME: description"; nullopt when delivered
};

// Parse the JSON lines; throw std::runtime_error on a malformed line.
std::vector<KafkaRecord> parse_kafka_records(const std::string& json_lines);
std::vector<KafkaDelivery> parse_kafka_deliveries(const std::string& json_lines);

}  // namespace ferry::test
