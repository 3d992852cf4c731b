#include "kafka_properties.hpp"

#include <cmath>

#include "ferry/error.hpp"

namespace ferry::out_kafka2 {
namespace {

class Builder {
 public:
  explicit Builder(const Config& cfg) : cfg_(cfg) {}

  // A property derived from a parameter: `written` ones may not be set
  // again through rdkafka_options.
  void set(const std::string& key, const std::string& value, const char* param) {
    const bool written = param && cfg_.is_set(param);
    const std::string origin = param ? cfg_.location(param) + ": `" + param + "`" : "Ferry default";
    for (size_t i = 0; i < out_.list.size(); ++i) {
      if (out_.list[i].first == key) {
        out_.list[i].second = value;
        out_.origin[i] = origin;
        if (written) written_[i] = param;
        return;
      }
    }
    out_.list.emplace_back(key, value);
    out_.origin.push_back(origin);
    written_.push_back(written ? param : nullptr);
  }

  void rdkafka_option(const std::string& key, const std::string& value) {
    const std::string here = cfg_.location("rdkafka_options");
    for (size_t i = 0; i < out_.list.size(); ++i) {
      if (out_.list[i].first != key) continue;
      if (written_[i]) {
        throw ConfigError(here + ": rdkafka_options sets `" + key + "`, which `" + written_[i] +
                          "` (" + cfg_.location(written_[i]) +
                          ") already sets; set it one way only");
      }
      out_.list[i].second = value;
      out_.origin[i] = here + ": rdkafka_options";
      return;
    }
    out_.list.emplace_back(key, value);
    out_.origin.push_back(here + ": rdkafka_options");
    written_.push_back(nullptr);
  }

  Properties take() { return std::move(out_); }

 private:
  const Config& cfg_;
  Properties out_;
  std::vector<const char*> written_;
};

std::string milliseconds(double seconds) {
  return std::to_string(static_cast<int64_t>(std::llround(seconds * 1000)));
}

}  // namespace

Properties librdkafka_properties(const Config& cfg) {
  Builder b(cfg);
  std::string brokers;
  for (const std::string& broker : cfg.array("brokers")) {
    if (broker.empty()) continue;
    if (!brokers.empty()) brokers += ',';
    brokers += broker;
  }
  if (brokers.empty()) {
    throw ConfigError(cfg.location("brokers") +
                      ": No brokers specified. Need one broker at least.");
  }
  b.set("bootstrap.servers", brokers, "brokers");
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

  // SSL (kafka_plugin_util.rb's SSLSettings).
  bool ssl = false;
  const std::vector<std::string> cas = cfg.array("ssl_ca_cert");
  if (cas.size() > 1) {
    throw ConfigError(cfg.location("ssl_ca_cert") +
                      ": librdkafka takes one CA location; concatenate the PEM files into one "
                      "(or name a directory)");
  }
  if (!cas.empty()) {
    ssl = true;
    b.set("ssl.ca.location", cas[0], "ssl_ca_cert");
  } else if (cfg.boolean("ssl_ca_certs_from_system").value_or(false)) {
    ssl = true;
    b.set("ssl.ca.location", "probe", "ssl_ca_certs_from_system");
  }
  if (auto v = cfg.string("ssl_client_cert")) {
    ssl = true;
    b.set("ssl.certificate.location", *v, "ssl_client_cert");
  }
  if (auto v = cfg.string("ssl_client_cert_key"))
    b.set("ssl.key.location", *v, "ssl_client_cert_key");
  if (auto v = cfg.string("ssl_client_cert_key_password"))
    b.set("ssl.key.password", *v, "ssl_client_cert_key_password");
  if (ssl && !cfg.boolean("ssl_verify_hostname").value_or(true))
    b.set("ssl.endpoint.identification.algorithm", "none", "ssl_verify_hostname");

  // SASL (SaslSettings): SCRAM or PLAIN with username/password, GSSAPI with
  // a principal.
  bool sasl = false;
  const auto username = cfg.string("username");
  const auto password = cfg.string("password");
  if (auto principal = cfg.string("principal")) {
    sasl = true;
    b.set("sasl.mechanisms", "GSSAPI", "principal");
    b.set("sasl.kerberos.principal", *principal, "principal");
    if (auto v = cfg.string("keytab")) b.set("sasl.kerberos.keytab", *v, "keytab");
    if (auto v = cfg.string("service_name"))
      b.set("sasl.kerberos.service.name", *v, "service_name");
  }
  if (username && password) {
    sasl = true;
    std::string mechanism = "PLAIN";
    if (auto scram = cfg.string("scram_mechanism")) {
      if (*scram == "sha256") {
        mechanism = "SCRAM-SHA-256";
      } else if (*scram == "sha512") {
        mechanism = "SCRAM-SHA-512";
      } else {
        throw ConfigError(cfg.location("scram_mechanism") +
                          ": scram_mechanism must be sha256 or sha512");
      }
    }
    b.set("sasl.mechanisms", mechanism,
          cfg.is_set("scram_mechanism") ? "scram_mechanism" : "username");
    b.set("sasl.username", *username, "username");
    b.set("sasl.password", *password, "password");
  }
  if (sasl && !ssl && cfg.boolean("sasl_over_ssl").value_or(true)) {
    // ruby-kafka refuses this too (sasl_over_ssl defaults to true).
    throw ConfigError(cfg.location("sasl_over_ssl") +
                      ": SASL authentication requires that SSL is configured (set ssl_ca_cert, "
                      "or sasl_over_ssl false for SASL_PLAINTEXT)");
  }
  b.set("security.protocol",
        ssl && sasl ? "SASL_SSL"
        : ssl       ? "SSL"
        : sasl      ? "SASL_PLAINTEXT"
                    : "PLAINTEXT",
        nullptr);

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
    b.rdkafka_option(key, value);
  }
  Properties out = b.take();
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
