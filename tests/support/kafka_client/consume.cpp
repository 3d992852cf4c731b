// kafka-client consume: reads whole topics from the beginning without a
// consumer group (plain assignment: no join delays, no commits) and prints
// one JSON line per message.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <utility>

#include "client_args.hpp"
#include "commands.hpp"
#include "json_writer.hpp"

namespace ferry::kafka_test {
namespace {

std::string message_json(const rd_kafka_message_t* m) {
  std::string out = "{\"topic\":" + json_string(rd_kafka_topic_name(m->rkt)) +
                    ",\"partition\":" + std::to_string(m->partition) +
                    ",\"offset\":" + std::to_string(m->offset) +
                    ",\"key\":" + json_bytes(m->key, m->key_len) +
                    ",\"value\":" + json_bytes(m->payload, m->len) + ",\"headers\":[";
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == 0; ++i) {
      out += (i ? ",[" : "[") + json_string(name) + "," + json_bytes(value, size) + "]";
    }
  }
  rd_kafka_timestamp_type_t type;
  int64_t ts = rd_kafka_message_timestamp(m, &type);
  const char* type_name = type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "create"
                          : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "log_append"
                                                                       : "none";
  return out + "],\"timestamp\":" + std::to_string(ts) + ",\"timestamp_type\":\"" + type_name +
         "\"}";
}

// Partition counts of `topics` from the cluster's metadata; an absent topic
// is an error (the consumer does not create topics).
std::optional<std::map<std::string, int>> partition_counts(rd_kafka_t* rk,
                                                           const std::vector<std::string>& topics,
                                                           int timeout_ms, std::string& error) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeout_ms);
  if (err) {
    error = std::string("metadata: ") + rd_kafka_err2str(err);
    return std::nullopt;
  }
  std::map<std::string, int> counts;
  for (auto& name : topics) {
    for (int i = 0; i < md->topic_cnt; ++i) {
      if (name == md->topics[i].topic && !md->topics[i].err) {
        counts[name] = md->topics[i].partition_cnt;
      }
    }
    if (!counts.count(name)) error = "topic '" + name + "' does not exist";
  }
  rd_kafka_metadata_destroy(md);
  if (!error.empty()) return std::nullopt;
  return counts;
}

}  // namespace

int run_consume(int argc, char** argv, int first) {
  std::string error;
  auto args = ClientArgs::parse(
      argc, argv, first, {"--bootstrap", "--topic", "--count", "--timeout-ms", "-X"}, {}, error);
  std::optional<long long> count, timeout;
  if (args) {
    count = args->integer("--count", 0, 0, 1000000000, error);
    timeout = args->integer("--timeout-ms", 10000, 1, 3600000, error);
    if (!args->has("--bootstrap") || !args->has("--topic")) {
      error = "--bootstrap and --topic are required";
    }
  }
  if (!args || !error.empty()) {
    std::cerr << "kafka-client consume: " << error << "\n";
    return 2;
  }
  // A group id nobody else uses: librdkafka's consumer wants one even for a
  // plain assignment, and nothing is committed under it.
  rd_kafka_conf_t* conf = make_conf(*args,
                                    {{"group.id", "kafka-client-" + std::to_string(::getpid())},
                                     {"enable.partition.eof", "true"},
                                     {"enable.auto.commit", "false"}},
                                    error);
  if (!conf) {
    std::cerr << "kafka-client consume: " << error << "\n";
    return 2;
  }
  char errstr[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    std::cerr << "kafka-client consume: " << errstr << "\n";
    return 1;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(*timeout);
  auto counts = partition_counts(rk, args->all("--topic"), int(*timeout), error);
  if (!counts) {
    rd_kafka_destroy(rk);
    std::cerr << "kafka-client consume: " << error << "\n";
    return 1;
  }
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(0);
  std::map<std::pair<std::string, int>, bool> at_end;
  for (auto& [topic, partitions] : *counts) {
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(assignment, topic.c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
      at_end[{topic, p}] = false;
    }
  }
  rd_kafka_assign(rk, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);

  // Done once every partition is at its end and at least --count messages
  // came: messages past the count are printed too, so duplicates show.
  long long received = 0;
  std::string last_error;  // a lasting failure is reported once, not per poll
  auto done = [&] {
    if (received < *count) return false;
    for (auto& [tp, end] : at_end) {
      if (!end) return false;
    }
    return true;
  };
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end[{rd_kafka_topic_name(m->rkt), m->partition}] = true;
    } else if (m->err) {
      std::string message = rd_kafka_message_errstr(m);
      if (message != last_error) std::cerr << "kafka-client consume: " << message << "\n";
      last_error = message;
    } else {
      at_end[{rd_kafka_topic_name(m->rkt), m->partition}] = false;
      std::cout << message_json(m) << "\n";
      ++received;
    }
    rd_kafka_message_destroy(m);
  }
  bool ok = done();
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  std::cout.flush();
  std::cerr << "kafka-client consume: " << received << " message(s)"
            << (ok ? "" : ", timed out before the end of every partition") << "\n";
  return ok ? 0 : 1;
}

}  // namespace ferry::kafka_test
