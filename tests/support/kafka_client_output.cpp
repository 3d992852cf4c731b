#include "kafka_client_output.hpp"

#include <simdjson.h>

#include <sstream>
#include <stdexcept>

namespace ferry::test {
namespace {

std::string decode_base64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int nbits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) continue;  // '=' padding
    bits = (bits << 6) | uint32_t(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += char((bits >> nbits) & 0xff);
    }
  }
  return out;
}

// A string, null, or {"base64": "..."} (kafka-client's rule for bytes).
std::optional<std::string> bytes_field(simdjson::dom::element e) {
  if (e.is_null()) return std::nullopt;
  if (e.is_string()) return std::string(std::string_view(e.get_string()));
  return decode_base64(std::string_view(e["base64"].get_string()));
}

template <typename F>
void for_each_line(const std::string& json_lines, F f) {
  simdjson::dom::parser parser;
  std::istringstream in(json_lines);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    try {
      f(parser.parse(line).value());
    } catch (const simdjson::simdjson_error& e) {
      throw std::runtime_error("bad kafka-client line (" + std::string(e.what()) + "): " + line);
    }
  }
}

}  // namespace

std::vector<KafkaRecord> parse_kafka_records(const std::string& json_lines) {
  std::vector<KafkaRecord> records;
  for_each_line(json_lines, [&](simdjson::dom::element doc) {
    KafkaRecord r;
    r.topic = std::string(std::string_view(doc["topic"].get_string()));
    r.partition = int32_t(int64_t(doc["partition"].get_int64()));
    r.offset = doc["offset"].get_int64();
    r.key = bytes_field(doc["key"]);
    r.value = bytes_field(doc["value"]);
    for (simdjson::dom::element h : doc["headers"].get_array()) {
      simdjson::dom::array pair = h.get_array();
      r.headers.emplace_back(std::string(std::string_view(pair.at(0).get_string())),
                             bytes_field(pair.at(1)));
    }
    r.timestamp = doc["timestamp"].get_int64();
    r.timestamp_type = std::string(std::string_view(doc["timestamp_type"].get_string()));
    records.push_back(std::move(r));
  });
  return records;
}

std::vector<KafkaDelivery> parse_kafka_deliveries(const std::string& json_lines) {
  std::vector<KafkaDelivery> reports;
  for_each_line(json_lines, [&](simdjson::dom::element doc) {
    KafkaDelivery d;
    d.topic = std::string(std::string_view(doc["topic"].get_string()));
    d.partition = int32_t(int64_t(doc["partition"].get_int64()));
    d.offset = doc["offset"].get_int64();
    d.key = bytes_field(doc["key"]);
    d.error = bytes_field(doc["error"]);
    reports.push_back(std::move(d));
  });
  return reports;
}

}  // namespace ferry::test
