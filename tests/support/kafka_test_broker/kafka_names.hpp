#pragma once
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace ferry::kafka_test {

// Kafka protocol request types by name ("Produce", "Fetch", ...; any case)
// or by number ("0"), as the mock's error stacks are keyed by ApiKey.
std::optional<int16_t> api_key_from_name(std::string_view name);

// librdkafka error codes by name, with or without the RD_KAFKA_RESP_ERR_
// prefix ("NOT_LEADER_FOR_PARTITION", "_TRANSPORT"; any case), or by number.
std::optional<rd_kafka_resp_err_t> error_from_name(std::string_view name);

}  // namespace ferry::kafka_test
