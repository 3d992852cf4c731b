// fluent-plugin-kafka's parameters as librdkafka properties: an ordered
// list that remembers where each came from, the parts every Kafka plugin
// maps alike (brokers, SSL/SASL as kafka_plugin_util.rb), and
// `rdkafka_options` on top. Shared by out_kafka2 and in_kafka_group.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ferry/host.hpp"

namespace ferry::kafka {

struct Properties {
  // In the order they are set on the rd_kafka_conf_t; later wins.
  std::vector<std::pair<std::string, std::string>> list;
  // Where each came from, for librdkafka's refusals: "file:line: `param`".
  std::vector<std::string> origin;
};

class PropertyBuilder {
 public:
  explicit PropertyBuilder(const Config& cfg) : cfg_(cfg) {}

  // A property derived from parameter `param` (nullptr: a Ferry default,
  // which rdkafka_options may change). One from a written parameter may
  // not be set again through rdkafka_options.
  void set(const std::string& key, const std::string& value, const char* param);
  // One rdkafka_options entry; throws ConfigError (file:line) when a
  // written parameter already sets `key`.
  void option(const std::string& key, const std::string& value);

  Properties take() { return std::move(out_); }

 private:
  const Config& cfg_;
  Properties out_;
  std::vector<const char*> written_;
};

// `brokers` joined for bootstrap.servers; throws ConfigError when empty.
std::string broker_list(const Config& cfg);

// The SSL and SASL parameters (ssl_ca_cert, ssl_client_cert*,
// ssl_ca_certs_from_system, ssl_verify_hostname, principal, keytab,
// service_name, username, password, scram_mechanism, sasl_over_ssl) and
// the security.protocol they make. Throws ConfigError for combinations
// fluent-plugin-kafka refuses.
void set_security(const Config& cfg, PropertyBuilder& b);

}  // namespace ferry::kafka
