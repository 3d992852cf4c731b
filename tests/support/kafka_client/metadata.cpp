// kafka-client metadata: brokers, topics, partition leaders and replicas as
// the cluster reports them, as one JSON document.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "client_args.hpp"
#include "commands.hpp"
#include "json_writer.hpp"

namespace ferry::kafka_test {
namespace {

std::string id_list(const int32_t* ids, int count) {
  std::vector<int32_t> sorted(ids, ids + count);
  std::sort(sorted.begin(), sorted.end());
  std::string out = "[";
  for (size_t i = 0; i < sorted.size(); ++i) out += (i ? "," : "") + std::to_string(sorted[i]);
  return out + "]";
}

std::string topic_json(const rd_kafka_metadata_topic_t& t) {
  std::vector<const rd_kafka_metadata_partition_t*> parts;
  for (int i = 0; i < t.partition_cnt; ++i) parts.push_back(&t.partitions[i]);
  std::sort(parts.begin(), parts.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::string out = "{\"name\":" + json_string(t.topic) +
                    ",\"error\":" + (t.err ? json_string(rd_kafka_err2name(t.err)) : "null") +
                    ",\"partitions\":[";
  for (size_t i = 0; i < parts.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"id\":" + std::to_string(parts[i]->id) +
           ",\"leader\":" + std::to_string(parts[i]->leader) +
           ",\"replicas\":" + id_list(parts[i]->replicas, parts[i]->replica_cnt) +
           ",\"isrs\":" + id_list(parts[i]->isrs, parts[i]->isr_cnt) + "}";
  }
  return out + "]}";
}

}  // namespace

int run_metadata(int argc, char** argv, int first) {
  std::string error;
  auto args = ClientArgs::parse(argc, argv, first, {"--bootstrap", "--topic", "--timeout-ms", "-X"},
                                {}, error);
  std::optional<long long> timeout;
  if (args) {
    timeout = args->integer("--timeout-ms", 10000, 1, 3600000, error);
    if (!args->has("--bootstrap")) error = "--bootstrap is required";
  }
  if (!args || !error.empty()) {
    std::cerr << "kafka-client metadata: " << error << "\n";
    return 2;
  }
  // A consumer handle: asking a producer for topics could auto-create them.
  rd_kafka_conf_t* conf = make_conf(*args, {}, error);
  if (!conf) {
    std::cerr << "kafka-client metadata: " << error << "\n";
    return 2;
  }
  char errstr[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    std::cerr << "kafka-client metadata: " << errstr << "\n";
    return 1;
  }
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, int(*timeout));
  if (err) {
    rd_kafka_destroy(rk);
    std::cerr << "kafka-client metadata: " << rd_kafka_err2str(err) << "\n";
    return 1;
  }
  std::vector<const rd_kafka_metadata_broker_t*> brokers;
  for (int i = 0; i < md->broker_cnt; ++i) brokers.push_back(&md->brokers[i]);
  std::sort(brokers.begin(), brokers.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::vector<const rd_kafka_metadata_topic_t*> topics;
  const auto& wanted = args->all("--topic");
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (wanted.empty() || std::count(wanted.begin(), wanted.end(), md->topics[i].topic)) {
      topics.push_back(&md->topics[i]);
    }
  }
  std::sort(topics.begin(), topics.end(),
            [](auto* a, auto* b) { return std::string(a->topic) < std::string(b->topic); });

  std::string out = "{\"brokers\":[";
  for (size_t i = 0; i < brokers.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"id\":" + std::to_string(brokers[i]->id) +
           ",\"host\":" + json_string(brokers[i]->host) +
           ",\"port\":" + std::to_string(brokers[i]->port) + "}";
  }
  out += "],\"topics\":[";
  for (size_t i = 0; i < topics.size(); ++i) out += (i ? "," : "") + topic_json(*topics[i]);
  std::cout << out << "]}\n";

  size_t missing = wanted.size() - std::min(wanted.size(), topics.size());
  rd_kafka_metadata_destroy(md);
  rd_kafka_destroy(rk);
  if (missing) std::cerr << "kafka-client metadata: a --topic asked for does not exist\n";
  return missing ? 1 : 0;
}

}  // namespace ferry::kafka_test
