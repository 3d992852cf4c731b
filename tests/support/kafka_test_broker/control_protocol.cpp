#include "control_protocol.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "kafka_names.hpp"
#include "topic_spec.hpp"

namespace ferry::kafka_test {
namespace {

using Args = std::vector<std::string>;
using Reply = std::string;

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.emplace_back(line.substr(start, i - start));
  }
  return words;
}

std::optional<int> parse_int(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Reply from_err(rd_kafka_resp_err_t err) {
  if (!err) return "ok";
  return std::string("error ") + rd_kafka_err2name(err) + ": " + rd_kafka_err2str(err);
}

// A broker id 1..N, or "all" (-1: the mock applies it to every broker).
std::optional<int> parse_broker(const MockCluster& cluster, const std::string& text,
                                bool allow_all) {
  if (allow_all && (text == "all" || text == "-1")) return -1;
  auto id = parse_int(text);
  if (!id || *id < 1 || *id > cluster.broker_count()) return std::nullopt;
  return id;
}

Reply bad_broker(const MockCluster& cluster, const std::string& text) {
  return "error broker '" + text + "' is not a broker id (1.." +
         std::to_string(cluster.broker_count()) + ")";
}

Reply broker_updown(MockCluster& cluster, const Args& a, bool up) {
  auto id = parse_broker(cluster, a[0], true);
  if (!id) return bad_broker(cluster, a[0]);
  return from_err(up ? rd_kafka_mock_broker_set_up(cluster.get(), *id)
                     : rd_kafka_mock_broker_set_down(cluster.get(), *id));
}

Reply push_errors(MockCluster& cluster, const Args& a) {
  auto api = api_key_from_name(a[0]);
  if (!api) return "error unknown API '" + a[0] + "' (a Kafka request name such as Produce)";
  auto err = error_from_name(a[1]);
  if (!err) return "error unknown error '" + a[1] + "' (a librdkafka error name)";
  auto count = parse_int(a[2]);
  if (!count || *count < 1) return "error COUNT must be a positive integer, not '" + a[2] + "'";
  std::vector<rd_kafka_resp_err_t> errors(size_t(*count), *err);
  rd_kafka_mock_push_request_errors_array(cluster.get(), *api, errors.size(), errors.data());
  return "ok";
}

Reply clear_errors(MockCluster& cluster, const Args& a) {
  auto api = api_key_from_name(a[0]);
  if (!api) return "error unknown API '" + a[0] + "' (a Kafka request name such as Produce)";
  rd_kafka_mock_clear_request_errors(cluster.get(), *api);
  return "ok";
}

Reply rtt(MockCluster& cluster, const Args& a) {
  auto id = parse_broker(cluster, a[0], true);
  if (!id) return bad_broker(cluster, a[0]);
  auto ms = parse_int(a[1]);
  if (!ms || *ms < 0) return "error MS must be a non-negative integer, not '" + a[1] + "'";
  return from_err(rd_kafka_mock_broker_set_rtt(cluster.get(), *id, *ms));
}

Reply create_topic(MockCluster& cluster, const Args& a) {
  std::string error;
  auto spec = make_topic_spec(a[0], a[1], a[2], cluster.broker_count(), error);
  if (!spec) return "error " + error;
  return from_err(cluster.create_topic(spec->name, spec->partitions, spec->replication_factor));
}

Reply leader(MockCluster& cluster, const Args& a) {
  auto partition = parse_int(a[1]);
  if (!partition || *partition < 0) return "error PARTITION must be >= 0, not '" + a[1] + "'";
  // "none" makes the partition leader-less (the mock's -1).
  std::optional<int> broker = (a[2] == "none" || a[2] == "-1") ? std::optional<int>(-1)
                                                               : parse_broker(cluster, a[2], false);
  if (!broker) return bad_broker(cluster, a[2]);
  return from_err(
      rd_kafka_mock_partition_set_leader(cluster.get(), a[0].c_str(), *partition, *broker));
}

struct Command {
  size_t arity;
  const char* usage;
  std::function<Reply(MockCluster&, const Args&)> run;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"ping", {0, "ping", [](MockCluster&, const Args&) { return Reply("ok"); }}},
      {"broker-down",
       {1, "broker-down ID|all",
        [](MockCluster& c, const Args& a) { return broker_updown(c, a, false); }}},
      {"broker-up",
       {1, "broker-up ID|all",
        [](MockCluster& c, const Args& a) { return broker_updown(c, a, true); }}},
      {"push-errors", {3, "push-errors API ERR COUNT", push_errors}},
      {"clear-errors", {1, "clear-errors API", clear_errors}},
      {"rtt", {2, "rtt ID|all MS", rtt}},
      {"create-topic", {3, "create-topic NAME PARTITIONS RF", create_topic}},
      {"leader", {3, "leader TOPIC PARTITION BROKER|none", leader}},
  };
  return table;
}

}  // namespace

std::string run_control_command(MockCluster& cluster, std::string_view line) {
  auto words = split_words(line);
  if (words.empty()) return "error empty command";
  auto it = commands().find(words[0]);
  if (it == commands().end()) {
    std::string known;
    for (auto& [name, cmd] : commands()) known += (known.empty() ? "" : ", ") + name;
    return "error unknown command '" + words[0] + "' (known: " + known + ")";
  }
  const Command& cmd = it->second;
  Args args(words.begin() + 1, words.end());
  if (args.size() != cmd.arity) return std::string("error usage: ") + cmd.usage;
  return cmd.run(cluster, args);
}

}  // namespace ferry::kafka_test
