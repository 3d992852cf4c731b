// kafka-client produce: sends generated or stdin messages and prints one
// JSON line per delivery report.
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "client_args.hpp"
#include "commands.hpp"
#include "json_writer.hpp"

namespace ferry::kafka_test {
namespace {

struct Message {
  std::optional<std::string> key;
  std::string value;
};

struct Tally {
  long long delivered = 0;
  long long failed = 0;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* tally = static_cast<Tally*>(opaque);
  std::string error =
      m->err ? json_string(std::string(rd_kafka_err2name(m->err)) + ": " + rd_kafka_err2str(m->err))
             : "null";
  std::cout << "{\"topic\":" << json_string(rd_kafka_topic_name(m->rkt))
            << ",\"partition\":" << m->partition << ",\"offset\":" << m->offset
            << ",\"key\":" << json_bytes(m->key, m->key_len) << ",\"error\":" << error << "}\n";
  ++(m->err ? tally->failed : tally->delivered);
}

std::optional<std::vector<Message>> read_messages(const ClientArgs& args, std::string& error) {
  std::vector<Message> messages;
  if (args.has("--stdin")) {
    std::string separator = args.get("--key-separator");
    for (std::string line; std::getline(std::cin, line);) {
      size_t at = separator.empty() ? std::string::npos : line.find(separator);
      if (at == std::string::npos) {
        messages.push_back({std::nullopt, line});
      } else {
        messages.push_back({line.substr(0, at), line.substr(at + separator.size())});
      }
    }
    return messages;
  }
  auto count = args.integer("--count", -1, 1, 100000000, error);
  if (!count) return std::nullopt;
  if (*count < 0) {
    error = "give --count N or --stdin";
    return std::nullopt;
  }
  std::string key_prefix = args.get("--key-prefix", "key-");
  std::string value_prefix = args.get("--value-prefix", "value-");
  for (long long i = 0; i < *count; ++i) {
    std::optional<std::string> key;
    if (!args.has("--no-key")) key = key_prefix + std::to_string(i);
    messages.push_back({key, value_prefix + std::to_string(i)});
  }
  return messages;
}

}  // namespace

int run_produce(int argc, char** argv, int first) {
  std::string error;
  auto args = ClientArgs::parse(
      argc, argv, first,
      {"--bootstrap", "--topic", "--count", "--key-separator", "--key-prefix", "--value-prefix",
       "--partition", "--header", "--timestamp-ms", "--timeout-ms", "-X"},
      {"--stdin", "--no-key"}, error);
  std::optional<long long> partition, timestamp, timeout;
  if (args) {
    partition = args->integer("--partition", RD_KAFKA_PARTITION_UA, 0, INT32_MAX, error);
    timestamp = args->integer("--timestamp-ms", 0, 0, INT64_MAX, error);
    timeout = args->integer("--timeout-ms", 20000, 1, 3600000, error);
  }
  if (args && (!args->has("--bootstrap") || !args->has("--topic"))) {
    error = "--bootstrap and --topic are required";
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (args) {
    for (auto& h : args->all("--header")) {
      auto eq = h.find('=');
      if (eq == std::string::npos) error = "--header takes name=value, not '" + h + "'";
      headers.emplace_back(h.substr(0, eq), eq == std::string::npos ? "" : h.substr(eq + 1));
    }
  }
  auto messages = error.empty() && args ? read_messages(*args, error) : std::nullopt;
  if (!messages) {
    std::cerr << "kafka-client produce: " << error << "\n";
    return 2;
  }

  // acks=all is librdkafka's default; spelled out because tests rely on it.
  rd_kafka_conf_t* conf =
      make_conf(*args, {{"acks", "all"}, {"message.timeout.ms", std::to_string(*timeout)}}, error);
  if (!conf) {
    std::cerr << "kafka-client produce: " << error << "\n";
    return 2;
  }
  Tally tally;
  rd_kafka_conf_set_opaque(conf, &tally);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char errstr[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    std::cerr << "kafka-client produce: " << errstr << "\n";
    return 1;
  }

  const std::string topic = args->get("--topic");
  long long not_queued = 0;
  for (auto& m : *messages) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!headers.empty()) {
      hdrs = rd_kafka_headers_new(headers.size());
      for (auto& [name, value] : headers) {
        rd_kafka_header_add(hdrs, name.data(), ssize_t(name.size()), value.data(),
                            ssize_t(value.size()));
      }
    }
    const void* key = m.key ? m.key->data() : nullptr;  // null key: no key at all
    const size_t key_size = m.key ? m.key->size() : 0;
    rd_kafka_resp_err_t err;
    // A full local queue is waited out (serving delivery reports), never
    // counted as a failure.
    while ((err = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(int32_t(*partition)),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_size),
                RD_KAFKA_V_VALUE(m.value.data(), m.value.size()), RD_KAFKA_V_TIMESTAMP(*timestamp),
                RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(rk, 100);
    }
    if (err) {
      // Not queued: librdkafka left the headers with us.
      if (hdrs) rd_kafka_headers_destroy(hdrs);
      std::cerr << "kafka-client produce: " << rd_kafka_err2name(err) << ": "
                << rd_kafka_err2str(err) << "\n";
      ++not_queued;
    }
    rd_kafka_poll(rk, 0);
  }
  // Every queued message gets a report within message.timeout.ms.
  rd_kafka_flush(rk, int(*timeout) + 5000);
  int undelivered = rd_kafka_outq_len(rk);
  rd_kafka_destroy(rk);
  std::cout.flush();
  std::cerr << "kafka-client produce: delivered " << tally.delivered << ", failed "
            << tally.failed + not_queued << (undelivered ? ", no report for " : "")
            << (undelivered ? std::to_string(undelivered) : "") << "\n";
  return tally.failed == 0 && not_queued == 0 && undelivered == 0 ? 0 : 1;
}

}  // namespace ferry::kafka_test
