#include "kafka_properties.hpp"

#include <cmath>

#include "ferry/error.hpp"

namespace ferry::out_kafka2 {
namespace {

std::string milliseconds(double seconds) {
  return std::to_string(static_cast<int64_t>(std::llround(seconds * 1000)));
}

}  // namespace

Properties librdkafka_properties(const Config& cfg) {
  kafka::PropertyBuilder b(cfg);
  b.set("bootstrap.servers", kafka::broker_list(cfg), "brokers");
  b.set("client.id", cfg.string_or("client_id", "fluentd"), "client_id");
  b.set("request.required.acks", std::to_string(cfg.integer("required_acks").value_or(-1)),
        "required_acks");
  b.set("message.send.max.retries", std::to_string(cfg.integer("max_send_retries").value_or(2)),
        "max_send_retries");
  // Every message gets its delivery report within this time, so a chunk
  // is answered well before the core's delayed_commit_timeout (60 s) and
  // no message of a retried chunk is still queued in librdkafka
  // (rdkafka2's rdkafka_delivery_handle_poll_timeout is 30 s too).
  b.set("message.timeout.ms", "30000", nullptr);
  if (auto v = cfg.number("ack_timeout"))
    b.set("request.timeout.ms", milliseconds(*v), "ack_timeout");
  if (auto v = cfg.string("compression_codec")) b.set("compression.codec", *v, "compression_codec");
  if (cfg.boolean("idempotent").value_or(false)) b.set("enable.idempotence", "true", "idempotent");
  if (auto v = cfg.integer("connect_timeout"))
    b.set("socket.connection.setup.timeout.ms", std::to_string(*v * 1000), "connect_timeout");
  if (auto v = cfg.integer("socket_timeout"))
    b.set("socket.timeout.ms", std::to_string(*v * 1000), "socket_timeout");
  if (auto v = cfg.integer("rdkafka_buffering_max_ms"))
    b.set("queue.buffering.max.ms", std::to_string(*v), "rdkafka_buffering_max_ms");
  if (auto v = cfg.integer("rdkafka_buffering_max_messages"))
    b.set("queue.buffering.max.messages", std::to_string(*v), "rdkafka_buffering_max_messages");
  if (auto v = cfg.integer("rdkafka_message_max_bytes"))
    b.set("message.max.bytes", std::to_string(*v), "rdkafka_message_max_bytes");
  if (auto v = cfg.integer("rdkafka_message_max_num"))
    b.set("batch.num.messages", std::to_string(*v), "rdkafka_message_max_num");

  kafka::set_security(cfg, b);

  std::string partitioner;
  for (const auto& [key, value] : cfg.hash("rdkafka_options")) {
    if (key == "partitioner") {
      if (cfg.is_set("partitioner")) {
        throw ConfigError(cfg.location("rdkafka_options") +
                          ": rdkafka_options sets `partitioner`, which `partitioner` (" +
                          cfg.location("partitioner") + ") already sets; set it one way only");
      }
      partitioner = value;
      continue;
    }
    b.option(key, value);
  }
  Properties out;
  static_cast<kafka::Properties&>(out) = b.take();
  if (auto p = cfg.string("partitioner")) {
    out.partitioner = *p;
  } else if (!partitioner.empty()) {
    out.partitioner = partitioner;
  } else {
    // ruby-kafka's Partitioner: hash(partition_key || key) % partitions,
    // random without a key: librdkafka's *_random partitioners.
    out.partitioner = cfg.string_or("partitioner_hash_function", "crc32") == "murmur2"
                          ? "murmur2_random"
                          : "consistent_random";
  }
  return out;
}

}  // namespace ferry::out_kafka2
