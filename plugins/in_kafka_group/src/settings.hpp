#pragma once
// in_kafka_group's parameters: the table and what they become (the parser
// choice, the tag, the time source, the librdkafka consumer properties).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ferry/host.hpp"
#include "kafka_common.hpp"

namespace ferry::kafka_group {

enum class TimeSource { kNow, kKafka, kRecord };

struct Settings {
  // Subscription names as librdkafka takes them (a regex starts with '^').
  std::vector<std::string> topics;
  // The core parser: the <parse> section (nullptr: none written), the
  // default @type (from `format`) and defaults text.
  const ferry_config* parse_section = nullptr;
  std::string parse_type;
  std::string parse_defaults;

  // tag_source record: the tag is the record's record_tag_key field.
  std::optional<std::string> record_tag_key;
  std::optional<std::string> add_prefix;
  std::optional<std::string> add_suffix;
  bool add_headers = false;
  std::optional<std::string> kafka_message_key;
  TimeSource time_source = TimeSource::kNow;

  std::optional<int64_t> retry_emit_limit;  // nullopt: retry until accepted
  int64_t retry_wait_seconds = 30;
  std::optional<int64_t> offset_commit_threshold;
  bool get_kafka_client_log = false;

  // librdkafka properties in order, each with where it came from.
  kafka::Properties properties;
};

extern const ferry_param_table kParams;

// Throws ConfigError naming file:line.
Settings read_settings(const ferry::Config& cfg);

// {"a", "^c.*", "/d.+/"} -> {"a", "^c.*", "^d.+"}: Fluentd's `/regex/`
// form becomes librdkafka's '^' form; blanks are trimmed, empty names
// skipped.
std::vector<std::string> subscription_topics(const std::vector<std::string>& topics);

}  // namespace ferry::kafka_group
