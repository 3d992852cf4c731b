#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ferry::kafka_test {

// JSON text for the client's output lines.
std::string json_string(std::string_view text);  // quoted and escaped; text is UTF-8

// Kafka keys, values and header values are bytes: a JSON string when they
// are valid UTF-8, null when absent, {"base64":"..."} otherwise.
std::string json_bytes(const void* data, size_t size);

bool valid_utf8(std::string_view text);
std::string base64(std::string_view bytes);

}  // namespace ferry::kafka_test
