#include "settings.hpp"

#include "ferry/error.hpp"
#include "ferry/params.hpp"
#include "kafka_common.hpp"

namespace ferry::kafka_group {
namespace {

constexpr const char* kTimeSources[] = {"now", "kafka", "record", nullptr};
constexpr const char* kTagSources[] = {"topic", "record", nullptr};

constexpr ferry_param kRows[] = {
    Param("brokers", FERRY_PARAM_ARRAY)
        .def("localhost:9092")
        .describe("host:port,...: librdkafka bootstrap.servers"),
    Param("consumer_group", FERRY_PARAM_STRING)
        .required()
        .describe("Consumer group name: librdkafka group.id"),
    Param("topics", FERRY_PARAM_ARRAY)
        .required()
        .describe("Topics to subscribe to; `/regex/` or `^regex` subscribes to every matching "
                  "topic"),
    Param("client_id", FERRY_PARAM_STRING).def("kafka").describe("librdkafka client.id"),
    Param("format", FERRY_PARAM_STRING)
        .def("json")
        .describe("Parser of the message values: json, ltsv, msgpack, text (the whole value in "
                  "message_key) or any core parser type; a <parse> section overrides it"),
    Param("message_key", FERRY_PARAM_STRING)
        .def("message")
        .describe("format text: the record field holding the value"),
    Param("add_headers", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Add the message's headers to the record (header name = field name)"),
    Param("tag_source", FERRY_PARAM_ENUM)
        .def("topic")
        .one_of(kTagSources)
        .describe("Tag from the topic, or from the record's record_tag_key field (a record "
                  "without it goes to the error path)"),
    Param("record_tag_key", FERRY_PARAM_STRING)
        .def("tag")
        .describe("tag_source record: the field holding the tag"),
    Param("add_prefix", FERRY_PARAM_STRING).describe("Tag = add_prefix.topic"),
    Param("add_suffix", FERRY_PARAM_STRING).describe("Tag = topic.add_suffix"),
    Param("retry_emit_limit", FERRY_PARAM_INTEGER)
        .min(0)
        .describe("When the router pushes back, retry a batch this many times, 1 s apart, then "
                  "give it up, rewind to its first message and consume again after "
                  "retry_wait_seconds. Unset: retry until accepted"),
    Param("retry_wait_seconds", FERRY_PARAM_INTEGER)
        .def("30")
        .min(0)
        .describe("Pause before consuming again once retry_emit_limit is exceeded"),
    Param("retry_limit", FERRY_PARAM_INTEGER)
        .def("10")
        .describe("Accepted: librdkafka reconnects to the brokers by itself, without a limit"),
    Param("disable_retry_limit", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted: librdkafka reconnects to the brokers by itself, without a limit"),
    Param("use_record_time", FERRY_PARAM_BOOL)
        .def("false")
        .deprecated()
        .describe("Deprecated: time_source record"),
    Param("time_source", FERRY_PARAM_ENUM)
        .def("now")
        .one_of(kTimeSources)
        .describe("Event time: now, kafka (the message timestamp) or record (record_time_key)"),
    Param("record_time_key", FERRY_PARAM_STRING)
        .def("time")
        .describe("time_source record: the field holding the time (kept in the record)"),
    Param("time_format", FERRY_PARAM_STRING)
        .describe("time_source record: strptime format of the time field (unset: a number of "
                  "seconds)"),
    Param("kafka_message_key", FERRY_PARAM_STRING)
        .describe("Add the message key to the record under this field (nil without a key)"),
    Param("get_kafka_client_log", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Log librdkafka's own log lines"),
    Param("connect_timeout", FERRY_PARAM_INTEGER)
        .describe("Seconds; librdkafka socket.connection.setup.timeout.ms"),
    Param("socket_timeout", FERRY_PARAM_INTEGER).describe("Seconds; librdkafka socket.timeout.ms"),
    Param("max_bytes", FERRY_PARAM_INTEGER)
        .def("1048576")
        .describe("librdkafka max.partition.fetch.bytes"),
    Param("max_wait_time", FERRY_PARAM_INTEGER).describe("Seconds; librdkafka fetch.wait.max.ms"),
    Param("max_wait_ms", FERRY_PARAM_INTEGER)
        .deprecated()
        .describe("Deprecated (use max_wait_time): librdkafka fetch.wait.max.ms"),
    Param("min_bytes", FERRY_PARAM_INTEGER).describe("librdkafka fetch.min.bytes"),
    Param("session_timeout", FERRY_PARAM_INTEGER)
        .describe("Seconds; librdkafka session.timeout.ms"),
    Param("offset_commit_interval", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("Seconds between commits of the accepted offsets (librdkafka "
                  "auto.commit.interval.ms); unset: 10 as ruby-kafka"),
    Param("offset_commit_threshold", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("Also commit once this many messages were accepted since the last commit"),
    Param("fetcher_max_queue_size", FERRY_PARAM_INTEGER)
        .min(1)
        .describe("Messages fetched ahead per partition: librdkafka queued.min.messages"),
    Param("refresh_topic_interval", FERRY_PARAM_INTEGER)
        .min(0)
        .describe("Seconds between topic list refreshes (new topics matching a regex): "
                  "librdkafka topic.metadata.refresh.interval.ms; 0 or unset: librdkafka's 5 min"),
    Param("start_from_beginning", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Without a committed offset, start at the earliest message (else the latest): "
                  "librdkafka auto.offset.reset"),
    Param("rdkafka_options", FERRY_PARAM_HASH)
        .describe("Any librdkafka consumer property; one also set by a written parameter, or one "
                  "Ferry's at-least-once offset handling needs, is refused"),
    Param("ssl_ca_cert", FERRY_PARAM_ARRAY).describe("CA file (one): ssl.ca.location"),
    Param("ssl_client_cert", FERRY_PARAM_STRING).describe("ssl.certificate.location"),
    Param("ssl_client_cert_key", FERRY_PARAM_STRING).describe("ssl.key.location"),
    Param("ssl_client_cert_key_password", FERRY_PARAM_STRING).secret().describe("ssl.key.password"),
    Param("ssl_client_cert_chain", FERRY_PARAM_STRING)
        .unsupported()
        .describe("append the chain to the ssl_client_cert file"),
    Param("ssl_ca_certs_from_system", FERRY_PARAM_BOOL)
        .def("false")
        .describe("ssl.ca.location probe"),
    Param("ssl_verify_hostname", FERRY_PARAM_BOOL)
        .def("true")
        .describe("false: ssl.endpoint.identification.algorithm none"),
    Param("principal", FERRY_PARAM_STRING).describe("GSSAPI sasl.kerberos.principal"),
    Param("keytab", FERRY_PARAM_STRING).describe("sasl.kerberos.keytab"),
    Param("service_name", FERRY_PARAM_STRING).describe("sasl.kerberos.service.name"),
    Param("username", FERRY_PARAM_STRING).describe("SASL PLAIN/SCRAM sasl.username"),
    Param("password", FERRY_PARAM_STRING).secret().describe("sasl.password"),
    Param("scram_mechanism", FERRY_PARAM_STRING)
        .describe("sha256 or sha512: SCRAM-SHA-256/512 instead of PLAIN"),
    Param("sasl_over_ssl", FERRY_PARAM_BOOL)
        .def("true")
        .describe("true: SASL needs SSL (SASL_SSL); false allows SASL_PLAINTEXT"),
};

// Properties Ferry's offset handling depends on: rdkafka_options may not
// change them.
constexpr const char* kOwned[] = {"enable.auto.offset.store", "enable.auto.commit",
                                  "enable.partition.eof", "group.id"};

std::string ms(int64_t seconds) {
  return std::to_string(seconds * 1000);
}

void read_properties(const ferry::Config& cfg, Settings& s) {
  kafka::PropertyBuilder b(cfg);
  b.set("bootstrap.servers", kafka::broker_list(cfg), "brokers");
  b.set("group.id", *cfg.string("consumer_group"), "consumer_group");
  b.set("client.id", cfg.string_or("client_id", "kafka"), "client_id");
  // At-least-once: an offset is stored only once the router accepted its
  // message; librdkafka commits the stored offsets every interval, before
  // a rebalance takes partitions away and at close.
  b.set("enable.auto.offset.store", "false", nullptr);
  b.set("enable.auto.commit", "true", nullptr);
  b.set("enable.partition.eof", "false", nullptr);
  b.set("auto.commit.interval.ms", ms(cfg.integer("offset_commit_interval").value_or(10)),
        "offset_commit_interval");
  b.set("auto.offset.reset",
        cfg.boolean("start_from_beginning").value_or(true) ? "earliest" : "latest",
        "start_from_beginning");
  b.set("max.partition.fetch.bytes", std::to_string(cfg.integer("max_bytes").value_or(1048576)),
        "max_bytes");
  if (auto v = cfg.integer("max_wait_ms"))
    b.set("fetch.wait.max.ms", std::to_string(*v), "max_wait_ms");
  if (auto v = cfg.integer("max_wait_time")) b.set("fetch.wait.max.ms", ms(*v), "max_wait_time");
  if (auto v = cfg.integer("min_bytes")) b.set("fetch.min.bytes", std::to_string(*v), "min_bytes");
  if (auto v = cfg.integer("session_timeout"))
    b.set("session.timeout.ms", ms(*v), "session_timeout");
  if (auto v = cfg.integer("fetcher_max_queue_size"))
    b.set("queued.min.messages", std::to_string(*v), "fetcher_max_queue_size");
  if (auto v = cfg.integer("refresh_topic_interval"); v && *v > 0)
    b.set("topic.metadata.refresh.interval.ms", ms(*v), "refresh_topic_interval");
  if (auto v = cfg.integer("connect_timeout"))
    b.set("socket.connection.setup.timeout.ms", ms(*v), "connect_timeout");
  if (auto v = cfg.integer("socket_timeout")) b.set("socket.timeout.ms", ms(*v), "socket_timeout");
  kafka::set_security(cfg, b);
  for (const auto& [key, value] : cfg.hash("rdkafka_options")) {
    for (const char* owned : kOwned) {
      if (key == owned) {
        throw ConfigError(cfg.location("rdkafka_options") + ": rdkafka_options may not set `" +
                          key +
                          "`: kafka_group stores and commits offsets itself, only once the "
                          "router accepted the messages");
      }
    }
    b.option(key, value);
  }
  s.properties = b.take();
}

void read_parser(const ferry::Config& cfg, Settings& s) {
  if (auto parse = cfg.section("parse")) s.parse_section = parse->raw();
  const std::string format = cfg.string_or("format", "json");
  if (format == "text") {
    // {message_key => value}, as the plugin's own 'text' reader.
    s.parse_type = "none";
    s.parse_defaults = "message_key " + cfg.string_or("message_key", "message") + "\n";
  } else {
    s.parse_type = format;
  }
  if (s.time_source == TimeSource::kRecord) {
    // record[record_time_key], kept in the record; a number of seconds
    // unless time_format says otherwise.
    s.parse_defaults += "time_key " + cfg.string_or("record_time_key", "time") + "\n";
    s.parse_defaults += "keep_time_key true\n";
    if (auto f = cfg.string("time_format")) {
      s.parse_defaults += "time_type string\ntime_format " + *f + "\n";
    } else {
      s.parse_defaults += "time_type float\n";
    }
  } else {
    // The record stays as the message had it; the time comes from elsewhere.
    s.parse_defaults += "time_key\nestimate_current_event false\n";
  }
}

}  // namespace

const ferry_param_table kParams = table(kRows);

std::vector<std::string> subscription_topics(const std::vector<std::string>& topics) {
  std::vector<std::string> out;
  for (std::string t : topics) {
    const char* ws = " \t";
    t.erase(0, t.find_first_not_of(ws));
    size_t end = t.find_last_not_of(ws);
    t.erase(end == std::string::npos ? 0 : end + 1);
    if (t.empty()) continue;
    if (t.size() > 2 && t.front() == '/' && t.back() == '/') t = "^" + t.substr(1, t.size() - 2);
    out.push_back(std::move(t));
  }
  return out;
}

Settings read_settings(const ferry::Config& cfg) {
  Settings s;
  s.topics = subscription_topics(cfg.array("topics"));
  if (s.topics.empty())
    throw ConfigError(cfg.location("topics") + ": kafka_group: 'topics' is a required parameter");
  if (cfg.string_or("tag_source", "topic") == "record")
    s.record_tag_key = cfg.string_or("record_tag_key", "tag");
  s.add_prefix = cfg.string("add_prefix");
  s.add_suffix = cfg.string("add_suffix");
  s.add_headers = cfg.boolean("add_headers").value_or(false);
  s.kafka_message_key = cfg.string("kafka_message_key");
  const std::string source = cfg.string_or("time_source", "now");
  s.time_source = source == "kafka"    ? TimeSource::kKafka
                  : source == "record" ? TimeSource::kRecord
                                       : TimeSource::kNow;
  if (cfg.boolean("use_record_time").value_or(false)) s.time_source = TimeSource::kRecord;
  s.retry_emit_limit = cfg.integer("retry_emit_limit");
  s.retry_wait_seconds = cfg.integer("retry_wait_seconds").value_or(30);
  s.offset_commit_threshold = cfg.integer("offset_commit_threshold");
  s.get_kafka_client_log = cfg.boolean("get_kafka_client_log").value_or(false);
  read_parser(cfg, s);
  read_properties(cfg, s);
  return s;
}

}  // namespace ferry::kafka_group
