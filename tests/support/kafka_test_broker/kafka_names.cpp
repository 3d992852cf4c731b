#include "kafka_names.hpp"

#include <array>
#include <charconv>
#include <string>

namespace ferry::kafka_test {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

template <typename Int>
std::optional<Int> parse_number(std::string_view text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Kafka's ApiKey numbering (the protocol's, not librdkafka's: its table is
// private). Only the keys the 2.0.2 mock answers are useful, but every
// standard name up to EndTxn is accepted so a typo is the only "unknown".
constexpr std::array<std::string_view, 27> kApiNames = {"Produce",
                                                        "Fetch",
                                                        "ListOffsets",
                                                        "Metadata",
                                                        "LeaderAndIsr",
                                                        "StopReplica",
                                                        "UpdateMetadata",
                                                        "ControlledShutdown",
                                                        "OffsetCommit",
                                                        "OffsetFetch",
                                                        "FindCoordinator",
                                                        "JoinGroup",
                                                        "Heartbeat",
                                                        "LeaveGroup",
                                                        "SyncGroup",
                                                        "DescribeGroups",
                                                        "ListGroups",
                                                        "SaslHandshake",
                                                        "ApiVersions",
                                                        "CreateTopics",
                                                        "DeleteTopics",
                                                        "DeleteRecords",
                                                        "InitProducerId",
                                                        "OffsetForLeaderEpoch",
                                                        "AddPartitionsToTxn",
                                                        "AddOffsetsToTxn",
                                                        "EndTxn"};

}  // namespace

std::optional<int16_t> api_key_from_name(std::string_view name) {
  if (auto n = parse_number<int16_t>(name)) {
    if (*n >= 0) return n;
    return std::nullopt;
  }
  for (size_t i = 0; i < kApiNames.size(); ++i) {
    if (iequals(kApiNames[i], name)) return int16_t(i);
  }
  return std::nullopt;
}

std::optional<rd_kafka_resp_err_t> error_from_name(std::string_view name) {
  auto number = parse_number<int>(name);
  constexpr std::string_view kPrefix = "RD_KAFKA_RESP_ERR_";
  if (!number && name.size() > kPrefix.size() && iequals(name.substr(0, kPrefix.size()), kPrefix)) {
    name.remove_prefix(kPrefix.size());
  }
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  for (size_t i = 0; i < count; ++i) {
    if (!descs[i].name) continue;  // the table has holes
    if (number ? descs[i].code == *number : iequals(descs[i].name, name)) return descs[i].code;
  }
  return std::nullopt;
}

}  // namespace ferry::kafka_test
