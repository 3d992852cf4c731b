// in_kafka_group: fluent-plugin-kafka's kafka_group input on librdkafka's
// high-level consumer. Messages are polled from the instance's loop
// (librdkafka's queue event fd, a timer as backstop), parsed with the core
// parser, and emitted in batches of consecutive messages with the same tag.
//
// At-least-once: librdkafka stores no offset by itself; an offset is stored
// only once the router accepted the batch holding its message (FERRY_OK:
// routed, and buffered when the route is buffered) and librdkafka commits
// the stored offsets every offset_commit_interval, before a rebalance
// takes partitions away and at close. When the router pushes back
// (FERRY_RETRY) the batch is held, the assigned partitions are paused and
// the batch is emitted again every second (retry_emit_limit as upstream).
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "event/event_time.hpp"
#include "ferry/parser.hpp"
#include "ferry/plugin.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/record_accessor.hpp"
#include "held_batch.hpp"
#include "record_edit.hpp"
#include "settings.hpp"

namespace ferry::kafka_group {
namespace {

constexpr uint64_t kPollIntervalNs = 100'000'000;  // backs up the event fd
constexpr uint64_t kRetryNs = 1'000'000'000;       // upstream sleeps 1 s per emit retry
// One loop turn reads at most this much, then lets other work run (the
// wake pipe brings it back at once).
constexpr size_t kMessagesPerTurn = 10000;
// A batch is cut here even within one turn, to keep emits a sane size.
constexpr size_t kMaxBatchBytes = 1 << 20;

struct PartitionList {
  rd_kafka_topic_partition_list_t* list;
  explicit PartitionList(int size) : list(rd_kafka_topic_partition_list_new(size)) {}
  explicit PartitionList(rd_kafka_topic_partition_list_t* l) : list(l) {}
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  ~PartitionList() {
    if (list) rd_kafka_topic_partition_list_destroy(list);
  }
};

bool contains(const rd_kafka_topic_partition_list_t* l, const PartitionRange& r) {
  for (int i = 0; l && i < l->cnt; ++i)
    if (l->elems[i].partition == r.partition && r.topic == l->elems[i].topic) return true;
  return false;
}

// [time, {"message": payload}]: a message the parser cannot read, on the
// error path.
std::string message_event(EventTime time, std::string_view payload) {
  std::string e;
  format::mp_array_header(e, 2);
  append_event_time(e, time);
  format::mp_map_header(e, 1);
  format::mp_str(e, "message");
  format::mp_str(e, payload);
  return e;
}

class KafkaGroupInput : public ferry::Input {
 public:
  KafkaGroupInput(const ferry::Host& host, const ferry::Config& cfg)
      : Input(host),
        s_(read_settings(cfg)),
        parser_(host, s_.parse_section, s_.parse_type.c_str(), s_.parse_defaults.c_str()) {
    if (cfg.is_set("time_format") && s_.time_source != TimeSource::kRecord)
      host.warn(cfg.location("time_format"), ": time_format is used only with time_source record");
    // librdkafka refuses bad properties at load, not at start.
    std::string error;
    rd_kafka_conf_t* conf = make_conf(error);
    if (!conf) throw ConfigError(error);
    rd_kafka_conf_destroy(conf);
    std::string topics;
    for (const std::string& t : s_.topics) topics += (topics.empty() ? "" : ",") + t;
    host.info("Will watch for topics ", topics, " at brokers ", s_.properties.list[0].second,
              " and '", s_.properties.list[1].second, "' group");
  }

  ~KafkaGroupInput() override { shutdown(); }

  void start() override {
    std::string why;
    rd_kafka_conf_t* conf = make_conf(why);
    if (!conf) throw Error("librdkafka: " + why);
    char error[512];
    rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!rk_) {
      rd_kafka_conf_destroy(conf);
      throw Error(std::string("cannot create the Kafka consumer: ") + error);
    }
    // Errors, logs and rebalances come through the consumer queue too.
    rd_kafka_poll_set_consumer(rk_);
    PartitionList subscription(static_cast<int>(s_.topics.size()));
    for (const std::string& t : s_.topics)
      rd_kafka_topic_partition_list_add(subscription.list, t.c_str(), RD_KAFKA_PARTITION_UA);
    if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, subscription.list)) {
      rd_kafka_destroy(std::exchange(rk_, nullptr));
      throw Error(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
    }
    if (pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) throw Error("pipe2 failed");
    queue_ = rd_kafka_queue_get_consumer(rk_);
    rd_kafka_queue_io_event_enable(queue_, wake_[1], "1", 1);
    watch_ =
        std::make_unique<FdWatch>(host(), wake_[0], FERRY_FD_READ, [this](uint32_t) { poll(); });
    timer_ = std::make_unique<Timer>(host(), kPollIntervalNs, kPollIntervalNs, [this] { poll(); });
  }

  void stop() override { shutdown(); }

 private:
  rd_kafka_conf_t* make_conf(std::string& error) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (size_t i = 0; i < s_.properties.list.size(); ++i) {
      const auto& [key, value] = s_.properties.list[i];
      char why[512];
      if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), why, sizeof why) !=
          RD_KAFKA_CONF_OK) {
        error = s_.properties.origin[i] + ": librdkafka refuses " + key + "=" + value + ": " + why;
        rd_kafka_conf_destroy(conf);
        return nullptr;
      }
    }
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_error_cb(conf, &KafkaGroupInput::on_error);
    rd_kafka_conf_set_log_cb(conf, &KafkaGroupInput::on_log);
    rd_kafka_conf_set_rebalance_cb(conf, &KafkaGroupInput::on_rebalance);
    return conf;
  }

  // --- reading

  void poll() {
    char drain[64];
    while (read(wake_[0], drain, sizeof drain) > 0) {
    }
    size_t n = 0;
    while (rk_ && n < kMessagesPerTurn) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 0);
      if (!m) break;
      ++n;
      on_message(m);
      rd_kafka_message_destroy(m);
    }
    if (n > 0) host().trace("polled ", n, " messages, ", held_.size(), " batches held");
    flush_current();
    // More may be waiting: come back on the next loop turn.
    if (n == kMessagesPerTurn) (void)!write(wake_[1], "1", 1);
  }

  void on_message(const rd_kafka_message_t* m) {
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        host().error("kafka consumer error: ", rd_kafka_message_errstr(m));
      return;
    }
    if (m->rkt != last_rkt_) {
      last_rkt_ = m->rkt;
      last_topic_ = rd_kafka_topic_name(m->rkt);
      last_tag_.clear();
      if (s_.add_prefix) last_tag_ += *s_.add_prefix + ".";
      last_tag_ += last_topic_;
      if (s_.add_suffix) last_tag_ += "." + *s_.add_suffix;
    }
    const bool pending = current_.messages > 0 || current_.count > 0;
    const bool topic_tag = !s_.record_tag_key;
    if (pending &&
        ((topic_tag && current_.tag != last_tag_) || current_.events.size() >= kMaxBatchBytes))
      flush_current();
    if (topic_tag) current_.tag = last_tag_;

    std::string_view payload(static_cast<const char*>(m->payload), m->payload ? m->len : 0);
    fields_.clear();
    if (s_.kafka_message_key) {
      std::optional<std::string_view> key;
      if (m->key) key = std::string_view(static_cast<const char*>(m->key), m->key_len);
      fields_.emplace_back(*s_.kafka_message_key, key);
    }
    rd_kafka_headers_t* headers = nullptr;
    if (s_.add_headers && rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        std::optional<std::string_view> v;
        if (value) v = std::string_view(static_cast<const char*>(value), size);
        fields_.emplace_back(name, v);
      }
    }
    parser_.parse(payload, [&](const Parsed& r) {
      if (!r.ok()) return on_parse_error(m, payload, r.error);
      append_event(m, r);
    });
    // In the batch of the message's last event: its offset is stored only
    // once every event of it was accepted.
    current_.cover(last_topic_.c_str(), m->partition, m->offset);
  }

  // tag_source record: the batch for the record's tag; false (and the
  // event on the error path) when the record has no string tag.
  bool select_record_tag(const rd_kafka_message_t* m, const Parsed& r) {
    const std::string_view record = r.record();
    const auto* p = reinterpret_cast<const uint8_t*>(record.data());
    const uint8_t* value = nullptr;
    format::MpValue v;
    if (!format::map_find(p, p + record.size(), *s_.record_tag_key, &value) || !value ||
        !format::read_item(value, p + record.size(), v) || v.type != format::MpValue::kStr) {
      host().emit_error(last_tag_, r.event,
                        str("no string '", *s_.record_tag_key, "' field for the tag in ",
                            last_topic_, "/", m->partition, " offset ", m->offset));
      return false;
    }
    record_tag_.clear();
    if (s_.add_prefix) record_tag_ += *s_.add_prefix + ".";
    record_tag_.append(v.bytes());
    if (s_.add_suffix) record_tag_ += "." + *s_.add_suffix;
    if (record_tag_ != current_.tag) {
      if (current_.count > 0 || current_.messages > 0) flush_current();
      current_.tag = record_tag_;
    }
    return true;
  }

  void append_event(const rd_kafka_message_t* m, const Parsed& r) {
    if (s_.record_tag_key && !select_record_tag(m, r)) return;
    std::string& e = current_.events;
    const size_t before = e.size();
    format::mp_array_header(e, 2);
    if (s_.time_source == TimeSource::kRecord && r.time_set) {
      e.append(r.event.substr(1, kEventTimeWireSize));
    } else {
      int64_t ns = host().now_ns();
      if (s_.time_source == TimeSource::kKafka) {
        int64_t ms = rd_kafka_message_timestamp(m, nullptr);
        if (ms >= 0) ns = ms * 1'000'000;
      }
      append_event_time(e, EventTime::from_ns(ns));
    }
    if (fields_.empty()) {
      e.append(r.record());
    } else if (!set_fields(r.record(), fields_, e)) {
      // The core parsers make maps; anything else is a bug worth seeing.
      e.resize(before);
      host().error("kafka_group: the parser gave a record that is not a map; message skipped at ",
                   last_topic_, "/", m->partition, " offset ", m->offset);
      return;
    }
    ++current_.count;
  }

  // Upstream logs a warning and drops the message; Ferry sends it whole to
  // the error path (@ERROR, else the log).
  void on_parse_error(const rd_kafka_message_t* m, std::string_view payload,
                      std::string_view error) {
    std::string reason =
        str("parser error in ", last_topic_, "/", m->partition, " offset ", m->offset, ": ", error);
    host().emit_error(last_tag_, message_event(EventTime::from_ns(host().now_ns()), payload),
                      reason);
  }

  // --- emitting

  void flush_current() {
    if (current_.messages == 0 && current_.count == 0) return;
    Batch b = std::exchange(current_, Batch{});
    if (!held_.empty() || paused_ || !send(b)) {
      held_.push_back(std::move(b));
      pause();
    }
  }

  // True when the batch is done with (accepted, or dropped by the router,
  // which logged it); its offsets are stored then.
  bool send(Batch& b) {
    if (b.count > 0) {
      ferry_status s = host().emit(b.tag, b.events, b.count);
      if (s == FERRY_RETRY) {
        ++b.retries;
        return false;
      }
    }
    store(b);
    return true;
  }

  void store(const Batch& b) {
    PartitionList offsets(static_cast<int>(b.ranges.size()));
    for (const PartitionRange& r : b.ranges)
      rd_kafka_topic_partition_list_add(offsets.list, r.topic.c_str(), r.partition)->offset =
          r.next;
    // A partition revoked meanwhile refuses the store: its next owner reads
    // these messages again (at-least-once).
    if (rd_kafka_resp_err_t err = rd_kafka_offsets_store(rk_, offsets.list))
      host().debug("offsets not stored: ", rd_kafka_err2str(err));
    accepted_since_commit_ += b.messages;
    if (s_.offset_commit_threshold && accepted_since_commit_ >= *s_.offset_commit_threshold) {
      accepted_since_commit_ = 0;
      rd_kafka_commit(rk_, nullptr, 1);  // asynchronous
    }
  }

  // --- push-back

  void pause() {
    if (!paused_) {
      paused_ = true;
      host().warn("the router pushes back: consumption paused until it accepts the held events");
      set_assignment_paused(true);
    }
    if (!retry_timer_)
      retry_timer_ = std::make_unique<Timer>(host(), kRetryNs, kRetryNs, [this] { retry(); });
  }

  void retry() {
    while (!held_.empty()) {
      Batch& b = held_.front();
      if (!send(b)) {
        if (s_.retry_emit_limit && b.retries > static_cast<uint64_t>(*s_.retry_emit_limit))
          give_up();
        return;
      }
      held_.pop_front();
    }
    retry_timer_.reset();
    paused_ = false;
    set_assignment_paused(false);
    host().info("the router accepts events again: consumption resumed");
  }

  // Upstream raises "Exceeds retry_emit_limit" and, after retry_wait_seconds,
  // consumes again from the last commit. Ferry rewinds the partitions to the
  // first message not accepted and consumes again after the same wait.
  void give_up() {
    uint64_t messages = 0;
    for (const Batch& b : held_) messages += b.messages;
    host().error("Exceeds retry_emit_limit (", *s_.retry_emit_limit, "): ", messages,
                 " messages will be read again in ", s_.retry_wait_seconds, " s");
    rewind(nullptr);
    uint64_t wait = static_cast<uint64_t>(s_.retry_wait_seconds) * 1'000'000'000ull;
    retry_timer_ = std::make_unique<Timer>(host(), wait ? wait : 1, kRetryNs, [this] { retry(); });
  }

  // Drops the held batches and seeks their partitions (except those in
  // `revoked`) back to the first held message.
  void rewind(const rd_kafka_topic_partition_list_t* revoked) {
    PartitionList seek(8);
    for (const Batch& b : held_) {
      for (const PartitionRange& r : b.ranges) {
        if (contains(revoked, r) || contains(seek.list, r)) continue;
        rd_kafka_topic_partition_list_add(seek.list, r.topic.c_str(), r.partition)->offset =
            r.first;
      }
    }
    held_.clear();
    if (seek.list->cnt == 0) return;
    if (rd_kafka_error_t* e = rd_kafka_seek_partitions(rk_, seek.list, 0)) {
      host().error("cannot rewind the partitions: ", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  }

  void set_assignment_paused(bool pause) {
    rd_kafka_topic_partition_list_t* l = nullptr;
    if (rd_kafka_assignment(rk_, &l) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
    PartitionList assigned(l);
    if (pause) {
      rd_kafka_pause_partitions(rk_, assigned.list);
      return;
    }
    rd_kafka_resume_partitions(rk_, assigned.list);
  }

  // --- group membership

  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<KafkaGroupInput*>(opaque);
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      self->host().info("kafka_group: ", parts->cnt, " partitions assigned");
      if (cooperative) {
        if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, parts)) rd_kafka_error_destroy(e);
      } else {
        rd_kafka_assign(rk, parts);
      }
      if (self->paused_) rd_kafka_pause_partitions(rk, parts);
      return;
    }
    if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
      self->host().error("kafka_group rebalance: ", rd_kafka_err2str(err));
    self->on_revoke(parts);
    // librdkafka commits the stored offsets of these partitions now.
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }

  // Last chance for what was read: emit it once more; what the router still
  // refuses is not stored, so the partitions' next owner reads it again.
  void on_revoke(const rd_kafka_topic_partition_list_t* parts) {
    flush_current();
    while (!held_.empty() && send(held_.front())) held_.pop_front();
    if (!held_.empty()) {
      uint64_t messages = 0;
      for (const Batch& b : held_) messages += b.messages;
      host().warn("partitions revoked while the router pushes back: ", messages,
                  " messages not accepted are left uncommitted, to be read again");
      rewind(parts);
    }
    if (paused_) {
      // The remaining partitions (cooperative) go on.
      retry_timer_.reset();
      paused_ = false;
      set_assignment_paused(false);
    }
  }

  // --- librdkafka callbacks

  static void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* self = static_cast<KafkaGroupInput*>(opaque);
    self->host().warn("kafka: ", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), ": ",
                      reason);
  }

  static void on_log(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
    auto* self = static_cast<KafkaGroupInput*>(rd_kafka_opaque(rk));
    if (!self->s_.get_kafka_client_log) return;
    const ferry_log_level l = level <= 3   ? FERRY_LOG_ERROR
                              : level <= 4 ? FERRY_LOG_WARN
                              : level <= 6 ? FERRY_LOG_INFO
                                           : FERRY_LOG_DEBUG;
    self->host().log(l, std::string("librdkafka ") + fac + ": " + buf);
  }

  // --- shutdown

  void shutdown() {
    if (!rk_) return;
    timer_.reset();
    watch_.reset();
    retry_timer_.reset();
    flush_current();
    while (!held_.empty() && send(held_.front())) held_.pop_front();
    if (!held_.empty()) {
      uint64_t messages = 0;
      for (const Batch& b : held_) messages += b.messages;
      host().warn("shutting down while the router pushes back: ", messages,
                  " messages not accepted are not committed and will be read again");
      held_.clear();
    }
    rd_kafka_queue_io_event_enable(queue_, -1, nullptr, 0);
    // Leaves the group; librdkafka commits the stored offsets.
    if (rd_kafka_resp_err_t err = rd_kafka_consumer_close(rk_))
      host().warn("closing the Kafka consumer: ", rd_kafka_err2str(err));
    rd_kafka_queue_destroy(std::exchange(queue_, nullptr));
    rd_kafka_destroy(std::exchange(rk_, nullptr));
    for (int& fd : wake_) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }

  Settings s_;
  Parser parser_;
  std::vector<Field> fields_;

  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
  int wake_[2] = {-1, -1};
  std::unique_ptr<FdWatch> watch_;
  std::unique_ptr<Timer> timer_;

  const rd_kafka_topic_t* last_rkt_ = nullptr;
  std::string last_topic_;
  std::string last_tag_;
  std::string record_tag_;
  Batch current_;
  std::deque<Batch> held_;
  bool paused_ = false;
  std::unique_ptr<Timer> retry_timer_;
  int64_t accepted_since_commit_ = 0;
};

}  // namespace
}  // namespace ferry::kafka_group

FERRY_PLUGIN(ferry::kafka_group::KafkaGroupInput, FERRY_KIND_INPUT, "kafka_group", "1.0.0",
             "Consumes Kafka topics as a consumer group (fluent-plugin-kafka kafka_group, "
             "librdkafka)",
             "experimental", ferry::kafka_group::kParams, FERRY_CAP_PARSE)
