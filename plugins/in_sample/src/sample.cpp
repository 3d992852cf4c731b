// in_sample (Fluentd's `sample`, alias `dummy`): generates events from a fixed
// list of records, cycled, at `rate` emits per second (in ten 100 ms bins,
// the remainder at each wall-clock second, as Fluentd's run loop does), each
// emit carrying `size` events; `auto_increment_key` adds a counter from 0.
// Records are parsed once into MessagePack; every event is [EventTime.now, record].
// Backpressure (FERRY_RETRY, a full buffer downstream): the refused emit is
// held and generation pauses; each tick offers the held events again and
// generation resumes once they are taken, so nothing generated is lost
// (the auto_increment_key sequence has no gap) and nothing piles up.
// Fluentd instead ignores the error and drops the events.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event/event_time.hpp"
#include "ferry/plugin.hpp"
#include "format/json_to_msgpack.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/record_accessor.hpp"
#include "format/ruby_value.hpp"

namespace {

constexpr uint64_t kBinNs = 100'000'000;  // Fluentd: BIN_NUM = 10 bins a second
constexpr int kBins = 10;

// A sample record ready to be stamped: with an auto-increment key the
// counter goes between `head` and `tail` (replacing an existing value at its
// position, else appended last, as Ruby's Hash#[]= does).
struct SampleRecord {
  std::string head;  // map header + entries up to the counter value
  std::string tail;  // entries after it
};

class SampleInput : public ferry::Input {
 public:
  SampleInput(const ferry::Host& host, const ferry::Config& cfg) : Input(host) {
    tag_ = *cfg.string("tag");
    size_ = cfg.integer("size").value_or(1);
    int64_t rate = cfg.integer("rate").value_or(1);
    // Ruby's integer / and % (floor division, non-negative remainder).
    batch_num_ = rate >= 0 ? rate / kBins : -((-rate + kBins - 1) / kBins);
    residual_num_ = ((rate % kBins) + kBins) % kBins;
    key_ = cfg.string("auto_increment_key");
    parse_samples(cfg.string_or("sample", R"([{"message":"sample"}])"), cfg.location("sample"));
  }

  void start() override {
    // Ticks on 100 ms boundaries of the wall clock; second boundaries also
    // emit the remainder, like Fluentd's loop that waits for the next second.
    int64_t now = host().now_ns();
    uint64_t first = kBinNs - uint64_t(now % int64_t(kBinNs));
    timer_ = std::make_unique<ferry::Timer>(host(), first, kBinNs, [this] { tick(); });
  }

  void stop() override {
    timer_.reset();
    if (!held_.empty() && !offer_held())
      host().warn("shutting down while downstream pushes back: ", held_count_,
                  " held sample events dropped");
  }

 private:
  void parse_samples(const std::string& text, const std::string& where) {
    ferry::format::JsonToMsgpack conv;
    std::string parsed, error;
    if (!conv.convert(text, parsed, &error)) {
      throw ferry::ConfigError(ferry::str(where, ": sample: ", error));
    }
    const uint8_t* p = reinterpret_cast<const uint8_t*>(parsed.data());
    const uint8_t* end = p + parsed.size();
    ferry::format::MpValue top;
    const uint8_t* first = p;
    ferry::format::read_item(p, end, top);
    uint32_t n = 1;
    if (top.type == ferry::format::MpValue::kArray)
      n = top.size;
    else
      p = first;  // a single value stands for a one-element list
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t* start = p;
      ferry::format::MpValue v;
      const uint8_t* q = p;
      ferry::format::read_item(q, end, v);
      ferry::format::skip_value(p, end);
      if (v.type != ferry::format::MpValue::kMap) {
        std::string shown;
        const uint8_t* s = start;
        ferry::format::append_ruby_to_s(shown, s, end, 0, &error);
        throw ferry::ConfigError(
            ferry::str(where, ": ", i, "th element of sample, ", shown, ", is not a hash"));
      }
      samples_.push_back(split(start, p, v.size));
    }
  }

  SampleRecord split(const uint8_t* start, const uint8_t* end, uint32_t count) const {
    SampleRecord r;
    if (!key_) {
      r.head.assign(reinterpret_cast<const char*>(start), size_t(end - start));
      return r;
    }
    const uint8_t* p = start;
    ferry::format::MpValue m;
    ferry::format::read_item(p, end, m);
    const uint8_t* value = nullptr;
    ferry::format::map_find(start, end, *key_, &value);
    if (!value) {
      ferry::format::mp_map_header(r.head, count + 1);
      r.head.append(reinterpret_cast<const char*>(p), size_t(end - p));
      ferry::format::mp_str(r.head, *key_);
      return r;
    }
    ferry::format::mp_map_header(r.head, count);
    r.head.append(reinterpret_cast<const char*>(p), size_t(value - p));
    const uint8_t* after = value;
    ferry::format::skip_value(after, end);
    r.tail.assign(reinterpret_cast<const char*>(after), size_t(end - after));
    return r;
  }

  void tick() {
    if (!held_.empty() && !offer_held()) return;  // still pushed back: generate nothing
    int64_t now = host().now_ns();
    int slot = int((now + int64_t(kBinNs) / 2) / int64_t(kBinNs) % kBins);
    if (slot == 0 && !emit(residual_num_)) return;
    emit(batch_num_);
  }

  // Fluentd's emit(num): num emits of `size` events each. False when
  // downstream pushed back (the refused events are held; the rest of the
  // emits are not generated).
  bool emit(int64_t num) {
    for (int64_t i = 0; i < num; ++i) {
      batch_.clear();
      uint32_t n = uint32_t(size_ > 1 ? size_ : 1);
      for (uint32_t k = 0; k < n; ++k) append_event();
      ferry_status s = host().emit(tag_, batch_, n);
      if (s == FERRY_RETRY) {
        held_.swap(batch_);
        held_count_ = n;
        host().warn("downstream pushes back (buffer full); generation paused until the ", n,
                    " held events are taken");
        return false;
      }
      // FERRY_DROP: the router already logged every event; as Fluentd,
      // generation goes on.
      if (s != FERRY_OK) host().debug("emit refused (status ", int(s), ")");
    }
    return true;
  }

  bool offer_held() {
    ferry_status s = host().emit(tag_, held_, held_count_);
    if (s == FERRY_RETRY) return false;
    host().info("downstream takes events again; generation resumed");
    held_.clear();
    held_count_ = 0;
    return true;
  }

  void append_event() {
    ferry::format::mp_array_header(batch_, 2);
    ferry::append_event_time(batch_, ferry::EventTime::from_ns(host().now_ns()));
    const SampleRecord& r = samples_[index_];
    index_ = (index_ + 1) % samples_.size();
    batch_.append(r.head);
    if (key_) {
      ferry::format::mp_int(batch_, counter_++);
      batch_.append(r.tail);
    }
  }

  std::string tag_;
  int64_t size_ = 1;
  int64_t batch_num_ = 0;
  int64_t residual_num_ = 1;
  std::optional<std::string> key_;
  std::vector<SampleRecord> samples_;
  size_t index_ = 0;
  int64_t counter_ = 0;
  std::string batch_;
  std::string held_;  // the events of a pushed-back emit
  uint32_t held_count_ = 0;
  std::unique_ptr<ferry::Timer> timer_;
};

constexpr ferry_param_table kAnySection =
    ferry::empty_table(FERRY_TABLE_ANY_KEYS | FERRY_TABLE_HAS_ARG);

constexpr ferry_param kRows[] = {
    ferry::Param("tag", FERRY_PARAM_STRING).required().describe("The tag of the generated events"),
    ferry::Param("size", FERRY_PARAM_INTEGER)
        .def("1")
        .describe("Events in each emitted event stream"),
    ferry::Param("rate", FERRY_PARAM_INTEGER).def("1").describe("Emits per second"),
    ferry::Param("auto_increment_key", FERRY_PARAM_STRING)
        .describe("If set, each event gets this key with a counter starting at 0"),
    ferry::Param("suspend", FERRY_PARAM_BOOL)
        .def("false")
        .deprecated()
        .describe("Ignored (deprecated in Fluentd too)"),
    ferry::Param("reuse_record", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Accepted; records are immutable bytes in Ferry, so it changes nothing"),
    ferry::Param("sample", FERRY_PARAM_STRING)
        .alias("dummy")
        .def(R"([{"message":"sample"}])")
        .describe("A JSON object or array of objects, emitted in turn"),
    ferry::Param("storage", FERRY_PARAM_SECTION)
        .section(&kAnySection)
        .unsupported()
        .describe("Not supported yet: the auto_increment_key counter restarts at 0"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_PLUGIN(SampleInput, FERRY_KIND_INPUT, "sample", "1.0.0",
             "Generates sample events (Fluentd's sample/dummy)", "stable", kParams, 0)
