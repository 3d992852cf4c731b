// out_kafka2: fluent-plugin-kafka's kafka2 output on librdkafka. The core
// buffers events (default <buffer topic>, memory) and hands write() one
// chunk at a time. Per chunk the topic is chosen as out_kafka2.rb does
// (`topic` with placeholders > the chunk's `topic_key` value > default_topic
// > the tag); per record: <inject>, the key/partition/header fields, the
// deletions, <format>, then an asynchronous produce. The chunk completes
// when every message has its delivery report: OK when all were delivered,
// else RETRY (the records already delivered are not sent again while Ferry
// runs). Delivery reports are served on the instance's loop (librdkafka's
// queue event fd, plus a timer); a full librdkafka queue parks the chunk
// until reports free room, without blocking the loop or dropping anything.
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "chunk_send.hpp"
#include "ferry/inject.hpp"
#include "ferry/placeholder.hpp"
#include "ferry/plugin.hpp"
#include "format/event_stream.hpp"
#include "kafka_properties.hpp"
#include "partitioners.hpp"
#include "record_fields.hpp"

namespace {

using ferry::out_kafka2::ChunkSend;
using ferry::out_kafka2::MessageRef;

constexpr uint64_t kPollIntervalNs = 100'000'000;  // backs up the event fd
// Failed chunks whose delivered records are remembered (bounded: a chunk
// that goes to <secondary> is never seen again).
constexpr size_t kRememberedChunks = 256;

std::optional<ferry::format::RecordAccessor> accessor(const ferry::Config& cfg, const char* param,
                                                      const std::string& path) {
  std::string error;
  auto a = ferry::format::RecordAccessor::parse(path, &error);
  if (!a) throw ferry::ConfigError(cfg.location(param) + ": " + error);
  return a;
}

ferry::out_kafka2::FieldRules field_rules(const ferry::Config& cfg) {
  ferry::out_kafka2::FieldRules r;
  r.topic_key = cfg.string_or("topic_key", "topic");
  r.exclude_topic_key = cfg.boolean("exclude_topic_key").value_or(false);
  r.partition_key_key = cfg.string_or("partition_key_key", "partition_key");
  r.exclude_partition_key = cfg.boolean("exclude_partition_key").value_or(false);
  r.default_partition_key = cfg.string("default_partition_key");
  r.partition_key = cfg.string_or("partition_key", "partition");
  r.exclude_partition = cfg.boolean("exclude_partition").value_or(false);
  if (auto p = cfg.integer("default_partition")) {
    if (*p < 0 || *p > INT32_MAX)
      throw ferry::ConfigError(cfg.location("default_partition") + ": not a partition number");
    r.default_partition = static_cast<int32_t>(*p);
  }
  r.message_key_key = cfg.string_or("message_key_key", "message_key");
  r.exclude_message_key = cfg.boolean("exclude_message_key").value_or(false);
  r.default_message_key = cfg.string("default_message_key");
  for (const auto& [name, path] : cfg.hash("headers_from_record"))
    r.headers_from_record.emplace_back(name, *accessor(cfg, "headers_from_record", path));
  for (const std::string& path : cfg.array("exclude_fields"))
    r.exclude_fields.push_back(*accessor(cfg, "exclude_fields", path));
  if (auto path = cfg.string("record_key")) r.record_key = accessor(cfg, "record_key", *path);
  return r;
}

// A placeholder text checked against the chunk keys; nullopt when one of
// its placeholders has no chunk key.
std::optional<ferry::Placeholder> probe(const ferry::Host& host, const char* param,
                                        const std::string& text) {
  try {
    return ferry::Placeholder(host, param, text, FERRY_PLACEHOLDER_AVAILABLE);
  } catch (const ferry::ConfigError&) {
    return std::nullopt;
  }
}

class Kafka2Output : public ferry::Output {
 public:
  Kafka2Output(const ferry::Host& host, const ferry::Config& cfg)
      : Output(host), rules_(field_rules(cfg)) {
    auto format = cfg.section("format");
    if (!format) throw ferry::ConfigError(cfg.location() + ": <format> section is required.");
    const std::string type = format->string_or("@type", "");
    if (type.empty()) throw ferry::ConfigError(format->location() + ": format/@type is required.");
    // kafka2 sends json (Oj.dump) and ltsv (LTSV.dump) without a newline;
    // other formatters as they format.
    strip_newline_ = type == "json" || type == "ltsv";
    formatter_ = host.formatter(format->raw(), "json");
    injector_ = ferry::Injector(host, cfg);

    if (cfg.is_set("partitioner") && cfg.is_set("partitioner_hash_function")) {
      throw ferry::ConfigError(cfg.location("partitioner") +
                               ": set partitioner or partitioner_hash_function (" +
                               cfg.location("partitioner_hash_function") + "), not both");
    }
    properties_ = ferry::out_kafka2::librdkafka_properties(cfg);
    partitioner_ = ferry::out_kafka2::builtin_partitioner(properties_.partitioner);
    if (!partitioner_) {
      throw ferry::ConfigError(
          cfg.location(cfg.is_set("partitioner") ? "partitioner" : "rdkafka_options") +
          ": unknown partitioner `" + properties_.partitioner + "`");
    }
    check_properties();

    headers_ = cfg.hash("headers");
    use_event_time_ = cfg.boolean("use_event_time").value_or(false);
    max_send_limit_bytes_ = cfg.integer("max_send_limit_bytes");
    discard_delivery_failed_ = cfg.boolean("discard_kafka_delivery_failed").value_or(false);
    get_kafka_client_log_ = cfg.boolean("get_kafka_client_log").value_or(false);
    default_topic_ = cfg.string("default_topic");

    const bool tag_key = probe(host, "topic", "${tag}").has_value();
    if (auto topic = cfg.string("topic")) {
      topic_ = ferry::Placeholder(host, "topic", *topic, FERRY_PLACEHOLDER_AVAILABLE);
    } else {
      chunk_topic_ = probe(host, "topic_key", "${" + rules_.topic_key + "}");
      if (!chunk_topic_) {
        // Fluentd's trap: the topic comes from the chunk key, never from
        // the record, so a topic_key that is not a chunk key is ignored.
        host.warn("topic_key '", rules_.topic_key, "' is not a <buffer> chunk key: the records' '",
                  rules_.topic_key,
                  "' field is not used for the topic (kafka2 reads it from the chunk key); "
                  "every chunk goes to ",
                  default_topic_ ? "default_topic '" + *default_topic_ + "'" : "its tag",
                  ". Write <buffer ", rules_.topic_key, "> to send records by their '",
                  rules_.topic_key, "' field");
      }
    }
    if (default_topic_ && tag_key)
      host.warn("default_topic is set. Fluentd's event tag is not used for topic");
  }

  ~Kafka2Output() override { shutdown(); }

  void start() override {
    std::string why;
    rd_kafka_conf_t* conf = make_conf(why);
    if (!conf) throw ferry::Error("librdkafka: " + why);
    char error[512];
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!rk_) {
      rd_kafka_conf_destroy(conf);
      throw ferry::Error(std::string("cannot create the Kafka producer: ") + error);
    }
    if (pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) throw ferry::Error("pipe2 failed");
    queue_ = rd_kafka_queue_get_main(rk_);
    rd_kafka_queue_io_event_enable(queue_, wake_[1], "1", 1);
    watch_ = std::make_unique<ferry::FdWatch>(host(), wake_[0], FERRY_FD_READ,
                                              [this](uint32_t) { poll(); });
    timer_ = std::make_unique<ferry::Timer>(host(), kPollIntervalNs, kPollIntervalNs,
                                            [this] { poll(); });
    host().info("initialized kafka producer: ", client_id());
    if (host().log_enabled(FERRY_LOG_DEBUG)) host().debug("librdkafka properties: ", described());
  }

  void stop() override { shutdown(); }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    std::lock_guard lock(mu_);
    if (!rk_) {
      host().complete(token, FERRY_RETRY, "the Kafka producer is not running");
      return;
    }
    std::string topic;
    if (topic_) {
      if (topic_.expand(chunk, topic) != FERRY_OK) {
        host().complete(token, FERRY_DROP, "the chunk's tag or key values make an unsafe topic");
        return;
      }
    } else if (chunk_topic_) {
      chunk_topic_->expand(chunk, topic);
    }
    // A nil (empty) chunk key value falls back, as `variables[key] || ...`.
    if (topic.empty() && default_topic_) topic = *default_topic_;
    if (topic.empty()) topic = chunk.tag();
    if (topic.empty()) {
      host().complete(token, FERRY_DROP, "no topic for the chunk: set topic or default_topic");
      return;
    }

    auto send = std::make_unique<ChunkSend>();
    send->token = token;
    send->chunk_id = chunk.chunk_id();
    send->tag = chunk.tag();
    send->topic = topic;
    send->next = chunk.data();
    send->end = chunk.data() + chunk.size();
    send->count = chunk.count();
    send->done.assign(chunk.count(), false);
    if (auto it = delivered_before_.find(send->chunk_id); it != delivered_before_.end()) {
      if (it->second.size() == send->done.size()) send->done = std::move(it->second);
      delivered_before_.erase(it);
    }
    send->rkt = rd_kafka_topic_new(rk_, topic.c_str(), nullptr);
    if (!send->rkt) {
      host().complete(token, FERRY_RETRY,
                      std::string("cannot use topic '") + topic +
                          "': " + rd_kafka_err2str(rd_kafka_last_error()));
      return;
    }
    ChunkSend* s = send.get();
    sends_.push_back(std::move(send));
    // Chunks wait for queue room in order.
    if (!parked_.empty()) {
      parked_.push_back(s);
      return;
    }
    if (!pump(s)) parked_.push_back(s);
  }

 private:
  // Produces the chunk's records from where it stands. False: librdkafka's
  // queue is full; the chunk waits for delivery reports to make room.
  bool pump(ChunkSend* s) {
    std::string_view event;
    std::string error;
    while (!s->producing_done) {
      const uint8_t* at = s->next;
      if (!ferry::format::next_event(at, s->end, event)) {
        if (at != s->end) {
          host().error("chunk ", s->chunk_id, ": ", s->end - at,
                       " bytes after the last whole event were not sent");
        }
        s->producing_done = true;
        break;
      }
      const uint32_t index = s->index;
      if (index < s->done.size() && s->done[index]) {
        advance(s, at);
        continue;
      }
      switch (produce(s, event, index, &error)) {
        case Produced::kQueueFull:
          host().debug("librdkafka's queue is full: chunk ", s->chunk_id, " waits at record ",
                       index, " for delivery reports");
          return false;
        case Produced::kSent:
          break;
        case Produced::kRecordError:
          host().emit_error(s->tag, event, error);
          mark_done(s, index);
          break;
        case Produced::kChunkError:
          ++s->failed;
          if (s->first_error.empty()) s->first_error = error;
          s->producing_done = true;
          break;
      }
      advance(s, at);
    }
    maybe_finish(s);
    return true;
  }

  static void advance(ChunkSend* s, const uint8_t* at) {
    s->next = at;
    ++s->index;
  }
  static void mark_done(ChunkSend* s, uint32_t index) {
    if (index < s->done.size()) s->done[index] = true;
  }

  enum class Produced { kSent, kQueueFull, kRecordError, kChunkError };

  Produced produce(ChunkSend* s, std::string_view event, uint32_t index, std::string* error) {
    std::string_view injected;
    if (injector_.apply(s->tag, event, injected) != FERRY_OK) {
      *error = "not a [time, record] event";
      return Produced::kRecordError;
    }
    ferry::EventTime time;
    std::string_view record;
    if (!ferry::format::split_event(injected, time, record)) {
      *error = "not a [time, record] event";
      return Produced::kRecordError;
    }
    if (!ferry::out_kafka2::extract_fields(rules_, record, fields_, error))
      return Produced::kRecordError;
    // The formatter takes an event: the original array header and time,
    // then the record as it now is.
    event_.assign(injected.data(), record.data() - injected.data());
    event_ += fields_.record;
    text_.clear();
    if (formatter_.format(s->tag, event_, text_) != FERRY_OK) {
      *error = "cannot format record";
      return Produced::kRecordError;
    }
    if (strip_newline_ && !text_.empty() && text_.back() == '\n') text_.pop_back();
    if (max_send_limit_bytes_ && static_cast<int64_t>(text_.size()) > *max_send_limit_bytes_) {
      *error = "record size exceeds max_send_limit_bytes (" + std::to_string(text_.size()) + " > " +
               std::to_string(*max_send_limit_bytes_) + " bytes)";
      return Produced::kRecordError;
    }

    rd_kafka_headers_t* headers = make_headers();
    MessageRef& ref = s->messages.emplace_back();
    ref.send = s;
    ref.index = index;
    ref.partition_key = std::move(fields_.partition_key);
    const std::optional<std::string>& key = fields_.message_key;
    // librdkafka's V_ macros cast their argument unparenthesised.
    const int32_t partition = fields_.partition ? *fields_.partition : RD_KAFKA_PARTITION_UA;
    void* key_data = key ? const_cast<char*>(key->data()) : nullptr;
    const size_t key_size = key ? key->size() : 0;
    void* value_data = text_.data();
    const size_t value_size = text_.size();
    const int64_t timestamp = use_event_time_ ? int64_t(time.sec) * 1000 + time.nsec / 1000000 : 0;
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_, RD_KAFKA_V_RKT(s->rkt), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(value_data, value_size),
        RD_KAFKA_V_KEY(key_data, key_size), RD_KAFKA_V_TIMESTAMP(timestamp),
        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(&ref), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++s->outstanding;
      return Produced::kSent;
    }
    if (headers) rd_kafka_headers_destroy(headers);
    s->messages.pop_back();
    *error = std::string(rd_kafka_err2name(err)) + ": " + rd_kafka_err2str(err);
    switch (err) {
      case RD_KAFKA_RESP_ERR__QUEUE_FULL:
        return Produced::kQueueFull;
      // This record can never be sent; the others can.
      case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
      case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
        return Produced::kRecordError;
      default:
        return Produced::kChunkError;
    }
  }

  // Static headers, then headers_from_record (a record header replaces a
  // static one of the same name, as Ruby's Hash#[]= does).
  rd_kafka_headers_t* make_headers() {
    if (headers_.empty() && fields_.headers.empty()) return nullptr;
    merged_.clear();
    for (const auto& [name, value] : headers_) merged_.emplace_back(name, value);
    for (auto& [name, value] : fields_.headers) {
      auto it = std::find_if(merged_.begin(), merged_.end(),
                             [&](const auto& h) { return h.first == name; });
      if (it != merged_.end())
        it->second = value;
      else
        merged_.emplace_back(name, value);
    }
    rd_kafka_headers_t* h = rd_kafka_headers_new(merged_.size());
    for (const auto& [name, value] : merged_) {
      rd_kafka_header_add(h, name.data(), static_cast<ssize_t>(name.size()),
                          value ? value->data() : nullptr,
                          value ? static_cast<ssize_t>(value->size()) : 0);
    }
    return h;
  }

  // Completes the chunk once producing is over and every report is in.
  void maybe_finish(ChunkSend* s) {
    if (!s->producing_done || s->outstanding > 0) return;
    if (s->failed == 0) {
      host().complete(s->token, FERRY_OK);
    } else if (discard_delivery_failed_) {
      host().warn("DeliveryFailed occurred. Discard broken event: error=\"", s->first_error,
                  "\" tag=\"", s->tag, "\" failed=", s->failed);
      host().complete(s->token, FERRY_OK);
    } else {
      remember(s);
      host().complete(s->token, FERRY_RETRY,
                      std::to_string(s->failed) + " message(s) to topic '" + s->topic +
                          "' failed: " + s->first_error);
    }
    for (auto it = sends_.begin(); it != sends_.end(); ++it) {
      if (it->get() == s) {
        sends_.erase(it);
        break;
      }
    }
  }

  void remember(ChunkSend* s) {
    if (s->chunk_id.empty()) return;
    if (delivered_before_.size() >= kRememberedChunks)
      delivered_before_.erase(delivered_before_.begin());
    delivered_before_[s->chunk_id] = std::move(s->done);
  }

  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<Kafka2Output*>(opaque);
    auto* ref = static_cast<MessageRef*>(m->_private);
    ChunkSend* s = ref->send;
    --s->outstanding;
    if (m->err) {
      ++s->failed;
      if (s->first_error.empty())
        s->first_error = std::string(rd_kafka_err2name(m->err)) + ": " + rd_kafka_err2str(m->err);
    } else {
      mark_done(s, ref->index);
    }
    self->maybe_finish(s);
  }

  static void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* self = static_cast<Kafka2Output*>(opaque);
    self->host().warn("kafka: ", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), ": ",
                      reason);
  }

  static void on_log(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
    auto* self = static_cast<Kafka2Output*>(rd_kafka_opaque(rk));
    if (!self->get_kafka_client_log_) return;
    const ferry_log_level l = level <= 3   ? FERRY_LOG_ERROR
                              : level <= 4 ? FERRY_LOG_WARN
                              : level <= 6 ? FERRY_LOG_INFO
                                           : FERRY_LOG_DEBUG;
    self->host().log(l, std::string("librdkafka ") + fac + ": " + buf);
  }

  static int32_t partition(const rd_kafka_topic_t* rkt, const void* key, size_t key_len,
                           int32_t partitions, void* topic_opaque, void* msg_opaque) {
    auto* self = static_cast<Kafka2Output*>(topic_opaque);
    const auto* ref = static_cast<const MessageRef*>(msg_opaque);
    // partition_key_key's value is hashed instead of the message key, as
    // ruby-kafka's partitioner takes `partition_key || key`.
    if (ref && ref->partition_key) {
      key = ref->partition_key->data();
      key_len = ref->partition_key->size();
    }
    return self->partitioner_(rkt, key, key_len, partitions, topic_opaque, msg_opaque);
  }

  void check_properties() {
    std::string error;
    rd_kafka_conf_t* conf = make_conf(error);
    if (!conf) throw ferry::ConfigError(error);
    rd_kafka_conf_destroy(conf);
  }

  rd_kafka_conf_t* make_conf(std::string& error) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (size_t i = 0; i < properties_.list.size(); ++i) {
      const auto& [key, value] = properties_.list[i];
      char why[512];
      if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), why, sizeof why) !=
          RD_KAFKA_CONF_OK) {
        error = properties_.origin[i] + ": librdkafka refuses " + key + "=" + value + ": " + why;
        rd_kafka_conf_destroy(conf);
        return nullptr;
      }
    }
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_dr_msg_cb(conf, &Kafka2Output::on_delivery);
    rd_kafka_conf_set_error_cb(conf, &Kafka2Output::on_error);
    rd_kafka_conf_set_log_cb(conf, &Kafka2Output::on_log);
    // Topic-level properties (acks, message.timeout.ms...) set above live
    // in the default topic conf; a fresh one would discard them.
    rd_kafka_topic_conf_t* topic_conf = rd_kafka_conf_get_default_topic_conf(conf);
    const bool fresh = topic_conf == nullptr;
    if (fresh) topic_conf = rd_kafka_topic_conf_new();
    rd_kafka_topic_conf_set_opaque(topic_conf, this);
    rd_kafka_topic_conf_set_partitioner_cb(topic_conf, &Kafka2Output::partition);
    if (fresh) rd_kafka_conf_set_default_topic_conf(conf, topic_conf);
    return conf;
  }

  // "k=v k=v ..." with secrets masked, for the debug log.
  std::string described() const {
    std::string out;
    for (const auto& [k, v] : properties_.list) {
      const bool secret = k.find("password") != std::string::npos;
      out += (out.empty() ? "" : " ") + k + "=" + (secret ? "xxxxxx" : v);
    }
    return out + " partitioner=" + properties_.partitioner;
  }

  std::string client_id() const {
    for (const auto& [k, v] : properties_.list)
      if (k == "client.id") return v;
    return "";
  }

  // Serves delivery reports (which complete chunks), then lets parked
  // chunks produce into the room the reports made.
  void poll() {
    std::lock_guard lock(mu_);
    char drain[64];
    while (read(wake_[0], drain, sizeof drain) > 0) {
    }
    if (!rk_) return;
    rd_kafka_poll(rk_, 0);
    while (!parked_.empty()) {
      if (!pump(parked_.front())) break;
      parked_.pop_front();
    }
  }

  // Delivers what librdkafka holds (10 s at most, as rdkafka2 closes its
  // producers), answers every chunk still open with RETRY, and frees the
  // producer.
  void shutdown() {
    // The host runs no callback of this instance during stop(); the
    // watches go first so none can start after.
    watch_.reset();
    timer_.reset();
    std::lock_guard lock(mu_);
    if (!rk_) return;
    for (ChunkSend* s : parked_) {
      s->producing_done = true;
      ++s->failed;
      if (s->first_error.empty()) s->first_error = "the output stopped";
    }
    parked_.clear();
    if (rd_kafka_flush(rk_, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      host().warn("Queue is forcefully closed after 10 seconds wait");
      rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_poll(rk_, 0);
    }
    // Whatever is still open never gets a report now.
    while (!sends_.empty()) {
      ChunkSend* s = sends_.front().get();
      s->outstanding = 0;
      s->producing_done = true;
      if (s->failed == 0) {
        ++s->failed;
        s->first_error = "the output stopped";
      }
      maybe_finish(s);
    }
    rd_kafka_queue_destroy(queue_);
    queue_ = nullptr;
    rd_kafka_destroy(rk_);
    rk_ = nullptr;
    for (int& fd : wake_) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }

  ferry::out_kafka2::FieldRules rules_;
  ferry::out_kafka2::Properties properties_;
  ferry::out_kafka2::PartitionerFn partitioner_ = nullptr;
  ferry::Formatter formatter_;
  ferry::Injector injector_;
  bool strip_newline_ = false;
  ferry::Placeholder topic_;
  std::optional<ferry::Placeholder> chunk_topic_;
  std::optional<std::string> default_topic_;
  std::vector<std::pair<std::string, std::string>> headers_;
  bool use_event_time_ = false;
  std::optional<int64_t> max_send_limit_bytes_;
  bool discard_delivery_failed_ = false;
  bool get_kafka_client_log_ = false;

  std::mutex mu_;  // the producer state below; librdkafka is polled under it
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
  int wake_[2] = {-1, -1};
  std::unique_ptr<ferry::FdWatch> watch_;
  std::unique_ptr<ferry::Timer> timer_;
  std::list<std::unique_ptr<ChunkSend>> sends_;
  std::deque<ChunkSend*> parked_;
  std::map<std::string, std::vector<bool>> delivered_before_;
  ferry::out_kafka2::MessageFields fields_;
  std::string event_, text_;
  std::vector<std::pair<std::string, std::optional<std::string>>> merged_;
};

constexpr const char* kCodecs[] = {"gzip", "snappy", "lz4", "zstd", nullptr};
constexpr const char* kHashFunctions[] = {"crc32", "murmur2", nullptr};
constexpr const char* kPartitioners[] = {"random",       "consistent",     "consistent_random",
                                         "murmur2",      "murmur2_random", "fnv1a",
                                         "fnv1a_random", nullptr};

constexpr ferry_param kRows[] = {
    ferry::Param("brokers", FERRY_PARAM_ARRAY)
        .def("localhost:9092")
        .describe("Seed brokers host:port,... (librdkafka bootstrap.servers)"),
    ferry::Param("topic", FERRY_PARAM_STRING)
        .describe(
            "Topic for every chunk; placeholders ${tag}, ${key}, strftime need their chunk keys"),
    ferry::Param("topic_key", FERRY_PARAM_STRING)
        .def("topic")
        .describe("Chunk key whose value is the topic (must be a <buffer> chunk key to be used); "
                  "also the field exclude_topic_key deletes"),
    ferry::Param("default_topic", FERRY_PARAM_STRING)
        .describe("Topic when the chunk has no topic_key value (else the tag)"),
    ferry::Param("use_default_for_unknown_topic", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("librdkafka reports unknown topics per message, after the "
                  "produce"),
    ferry::Param("message_key_key", FERRY_PARAM_STRING)
        .def("message_key")
        .describe("Record field holding the message key"),
    ferry::Param("default_message_key", FERRY_PARAM_STRING)
        .describe("Message key when the record has none"),
    ferry::Param("partition_key_key", FERRY_PARAM_STRING)
        .def("partition_key")
        .describe("Record field hashed to pick the partition (instead of the message key)"),
    ferry::Param("default_partition_key", FERRY_PARAM_STRING)
        .describe("Partition key when the record has none"),
    ferry::Param("partition_key", FERRY_PARAM_STRING)
        .def("partition")
        .describe("Record field holding an explicit partition number"),
    ferry::Param("default_partition", FERRY_PARAM_INTEGER)
        .describe("Partition number when the record has none"),
    ferry::Param("partitioner_hash_function", FERRY_PARAM_ENUM)
        .def("crc32")
        .one_of(kHashFunctions)
        .describe("crc32 (librdkafka consistent_random) or murmur2 (murmur2_random, Java's "
                  "placement); keyless messages go to a random partition"),
    ferry::Param("partitioner", FERRY_PARAM_ENUM)
        .one_of(kPartitioners)
        .describe("Ferry: librdkafka's partitioner by name (overrides partitioner_hash_function); "
                  "it hashes the partition key, else the message key"),
    ferry::Param("record_key", FERRY_PARAM_STRING)
        .describe("Record accessor path: only that value is formatted and sent"),
    ferry::Param("exclude_topic_key", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Delete topic_key's field"),
    ferry::Param("exclude_partition_key", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Delete partition_key_key's field"),
    ferry::Param("exclude_partition", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Delete partition_key's field"),
    ferry::Param("exclude_message_key", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Delete message_key_key's field"),
    ferry::Param("exclude_fields", FERRY_PARAM_ARRAY)
        .describe("Record accessor paths deleted from the payload"),
    ferry::Param("use_event_time", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Message timestamp = event time (else the produce time)"),
    ferry::Param("headers", FERRY_PARAM_HASH).describe("Static headers name:value,..."),
    ferry::Param("headers_from_record", FERRY_PARAM_HASH)
        .describe("Headers name:record-accessor-path,... (nil: a header without value)"),
    ferry::Param("client_id", FERRY_PARAM_STRING).def("fluentd").describe("librdkafka client.id"),
    ferry::Param("idempotent", FERRY_PARAM_BOOL)
        .def("false")
        .describe("librdkafka enable.idempotence"),
    ferry::Param("resolve_seed_brokers", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted: librdkafka already tries every address of a broker name"),
    ferry::Param("get_kafka_client_log", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Log librdkafka's own log lines"),
    ferry::Param("connect_timeout", FERRY_PARAM_INTEGER)
        .describe("Seconds; librdkafka socket.connection.setup.timeout.ms"),
    ferry::Param("socket_timeout", FERRY_PARAM_INTEGER)
        .describe("Seconds; librdkafka socket.timeout.ms"),
    ferry::Param("max_send_retries", FERRY_PARAM_INTEGER)
        .def("2")
        .describe("librdkafka message.send.max.retries"),
    ferry::Param("required_acks", FERRY_PARAM_INTEGER)
        .def("-1")
        .describe("librdkafka request.required.acks (-1: all in-sync replicas)"),
    ferry::Param("ack_timeout", FERRY_PARAM_TIME).describe("librdkafka request.timeout.ms"),
    ferry::Param("compression_codec", FERRY_PARAM_ENUM)
        .one_of(kCodecs)
        .describe("librdkafka compression.codec"),
    ferry::Param("max_send_limit_bytes", FERRY_PARAM_SIZE)
        .describe("A formatted record larger than this goes to the error path alone"),
    ferry::Param("discard_kafka_delivery_failed", FERRY_PARAM_BOOL)
        .def("false")
        .describe("A chunk with failed deliveries is logged and not retried"),
    ferry::Param("share_producer", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted: Ferry has one asynchronous producer per output either way"),
    ferry::Param("ignore_exceptions", FERRY_PARAM_ARRAY)
        .unsupported()
        .describe("names ruby-kafka exception classes"),
    ferry::Param("exception_backup", FERRY_PARAM_BOOL)
        .unsupported()
        .describe("goes with ignore_exceptions"),
    ferry::Param("active_support_notification_regex", FERRY_PARAM_STRING)
        .unsupported()
        .describe("ruby-kafka's ActiveSupport instrumentation"),
    ferry::Param("rdkafka_buffering_max_ms", FERRY_PARAM_INTEGER)
        .describe("rdkafka2: librdkafka queue.buffering.max.ms"),
    ferry::Param("rdkafka_buffering_max_messages", FERRY_PARAM_INTEGER)
        .describe("rdkafka2: librdkafka queue.buffering.max.messages"),
    ferry::Param("rdkafka_message_max_bytes", FERRY_PARAM_INTEGER)
        .describe("rdkafka2: librdkafka message.max.bytes"),
    ferry::Param("rdkafka_message_max_num", FERRY_PARAM_INTEGER)
        .describe("rdkafka2: librdkafka batch.num.messages"),
    ferry::Param("rdkafka_options", FERRY_PARAM_HASH)
        .describe("rdkafka2: any librdkafka property; one also set by a written parameter is "
                  "refused"),
    ferry::Param("ssl_ca_cert", FERRY_PARAM_ARRAY).describe("CA file (one): ssl.ca.location"),
    ferry::Param("ssl_client_cert", FERRY_PARAM_STRING).describe("ssl.certificate.location"),
    ferry::Param("ssl_client_cert_key", FERRY_PARAM_STRING).describe("ssl.key.location"),
    ferry::Param("ssl_client_cert_key_password", FERRY_PARAM_STRING)
        .secret()
        .describe("ssl.key.password"),
    ferry::Param("ssl_client_cert_chain", FERRY_PARAM_STRING)
        .unsupported()
        .describe("append the chain to the ssl_client_cert file"),
    ferry::Param("ssl_ca_certs_from_system", FERRY_PARAM_BOOL)
        .def("false")
        .describe("ssl.ca.location probe"),
    ferry::Param("ssl_verify_hostname", FERRY_PARAM_BOOL)
        .def("true")
        .describe("false: ssl.endpoint.identification.algorithm none"),
    ferry::Param("principal", FERRY_PARAM_STRING).describe("GSSAPI sasl.kerberos.principal"),
    ferry::Param("keytab", FERRY_PARAM_STRING).describe("sasl.kerberos.keytab"),
    ferry::Param("service_name", FERRY_PARAM_STRING).describe("sasl.kerberos.service.name"),
    ferry::Param("username", FERRY_PARAM_STRING).describe("SASL PLAIN/SCRAM sasl.username"),
    ferry::Param("password", FERRY_PARAM_STRING).secret().describe("sasl.password"),
    ferry::Param("scram_mechanism", FERRY_PARAM_STRING)
        .describe("sha256 or sha512: SCRAM-SHA-256/512 instead of PLAIN"),
    ferry::Param("sasl_over_ssl", FERRY_PARAM_BOOL)
        .def("true")
        .describe("true: SASL needs SSL (SASL_SSL); false allows SASL_PLAINTEXT"),
    ferry::Param("sasl_aws_msk_iam_access_key_id", FERRY_PARAM_STRING)
        .unsupported()
        .secret()
        .describe("librdkafka has no MSK IAM mechanism"),
    ferry::Param("sasl_aws_msk_iam_secret_key_id", FERRY_PARAM_STRING)
        .unsupported()
        .secret()
        .describe("librdkafka has no MSK IAM mechanism"),
    ferry::Param("sasl_aws_msk_iam_aws_region", FERRY_PARAM_STRING)
        .unsupported()
        .describe("librdkafka has no MSK IAM mechanism"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

// out_kafka2.rb's `config_section :buffer`: chunk keys ["topic"].
constexpr const char* kBufferDefaults = "chunk_keys topic\n";

}  // namespace

FERRY_BUFFERED_PLUGIN(Kafka2Output, "kafka2", "1.0.0",
                      "Produces events to Kafka (fluent-plugin-kafka kafka2, librdkafka)",
                      "experimental", kParams, FERRY_CAP_FORMAT | FERRY_CAP_INJECT,
                      FERRY_BUFFER_ALWAYS, kBufferDefaults)
