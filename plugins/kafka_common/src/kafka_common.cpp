#include "kafka_common.hpp"

#include "ferry/error.hpp"

namespace ferry::kafka {

void PropertyBuilder::set(const std::string& key, const std::string& value, const char* param) {
  const bool written = param && cfg_.is_set(param);
  std::string origin = param ? cfg_.location(param) + ": `" + param + "`" : "Ferry default";
  for (size_t i = 0; i < out_.list.size(); ++i) {
    if (out_.list[i].first == key) {
      out_.list[i].second = value;
      out_.origin[i] = std::move(origin);
      if (written) written_[i] = param;
      return;
    }
  }
  out_.list.emplace_back(key, value);
  out_.origin.push_back(std::move(origin));
  written_.push_back(written ? param : nullptr);
}

void PropertyBuilder::option(const std::string& key, const std::string& value) {
  const std::string here = cfg_.location("rdkafka_options");
  for (size_t i = 0; i < out_.list.size(); ++i) {
    if (out_.list[i].first != key) continue;
    if (written_[i]) {
      throw ConfigError(here + ": rdkafka_options sets `" + key + "`, which `" + written_[i] +
                        "` (" + cfg_.location(written_[i]) + ") already sets; set it one way only");
    }
    out_.list[i].second = value;
    out_.origin[i] = here + ": rdkafka_options";
    return;
  }
  out_.list.emplace_back(key, value);
  out_.origin.push_back(here + ": rdkafka_options");
  written_.push_back(nullptr);
}

std::string broker_list(const Config& cfg) {
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
  return brokers;
}

void set_security(const Config& cfg, PropertyBuilder& b) {
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
}

}  // namespace ferry::kafka
