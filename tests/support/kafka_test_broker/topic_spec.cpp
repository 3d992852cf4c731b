#include "topic_spec.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace ferry::kafka_test {
namespace {

std::optional<int> parse_positive(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

bool legal_topic_name(const std::string& name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

}  // namespace

std::optional<TopicSpec> make_topic_spec(const std::string& name, const std::string& partitions,
                                         const std::optional<std::string>& replication,
                                         int broker_count, std::string& error) {
  TopicSpec spec;
  spec.name = name;
  if (!legal_topic_name(spec.name)) {
    error =
        "topic name '" + spec.name + "' is not a legal Kafka topic name ([A-Za-z0-9._-]{1,249})";
    return std::nullopt;
  }
  auto count = parse_positive(partitions);
  if (!count) {
    error = "topic '" + spec.name + "': partitions must be a positive integer, not '" + partitions +
            "'";
    return std::nullopt;
  }
  spec.partitions = *count;
  spec.replication_factor = std::min(3, broker_count);
  if (replication) {
    auto factor = parse_positive(*replication);
    if (!factor || *factor > broker_count) {
      error = "topic '" + spec.name + "': replication must be 1.." + std::to_string(broker_count) +
              " (the number of brokers), not '" + *replication + "'";
      return std::nullopt;
    }
    spec.replication_factor = *factor;
  }
  return spec;
}

std::optional<TopicSpec> parse_topic_spec(const std::string& text, int broker_count,
                                          std::string& error) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1) {
    parts.push_back(text.substr(start, colon - start));
  }
  parts.push_back(text.substr(start));
  if (parts.size() < 2 || parts.size() > 3) {
    error = "topic '" + text + "' is not name:partitions[:replication]";
    return std::nullopt;
  }
  return make_topic_spec(parts[0], parts[1],
                         parts.size() == 3 ? std::optional<std::string>(parts[2]) : std::nullopt,
                         broker_count, error);
}

}  // namespace ferry::kafka_test
