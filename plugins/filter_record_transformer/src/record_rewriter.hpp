#pragma once
// The record_transformer work on one batch, with no host involved: each
// [time, record] event is rewritten straight into the output MessagePack
// stream. Per record: the input map is indexed once (views, no copies), the
// <record> fields are evaluated into a reused scratch buffer, and the output
// map is written from views of the input and the scratch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval_context.hpp"
#include "format/record_accessor.hpp"
#include "template.hpp"

namespace ferry::record_transformer {

// The plugin's parameters, already validated by the host.
struct Settings {
  struct Field {
    std::string key;
    std::string value;
    std::string location;  // "file:line" for messages
  };
  std::vector<Field> record;  // every <record> entry, in file order
  bool renew_record = false;
  std::optional<std::string> renew_time_key;
  std::optional<std::vector<std::string>> keep_keys;
  std::optional<std::vector<std::string>> remove_keys;
  bool enable_ruby = false;
  bool auto_typecast = true;
  std::string hostname;
  std::string keep_keys_location;    // of keep_keys
  std::string remove_keys_location;  // of remove_keys
};

// Where warnings and failed records go.
class RecordSink : public WarningSink {
 public:
  // One event ([time, record] bytes as received) that could not be rewritten;
  // error_class: the Ruby class Fluentd names for it, nullptr: the default.
  virtual void error_event(std::string_view event, const std::string& reason,
                           const char* error_class) = 0;
};

class RecordRewriter {
 public:
  // Compiles every template. Throws std::invalid_argument listing every
  // configuration error (one per line); load-time warnings are appended to
  // `warnings`.
  RecordRewriter(const Settings& settings, std::vector<std::string>& warnings);

  // True when the filter cannot change any record (no <record>, no
  // renew_record, renew_time_key or remove_keys): the batch passes as is.
  bool is_noop() const { return noop_; }

  // Appends the rewritten events of `events` (for `tag`) to out and returns
  // how many; events that fail go to sink.error_event and are left out.
  // Throws std::runtime_error when the batch itself is malformed.
  uint32_t rewrite(std::string_view tag, std::string_view events, std::string& out,
                   RecordSink& sink);

 private:
  struct Field {
    StringTemplate key;
    std::string key_bytes;  // MessagePack str of a constant key
    ValueTemplate value;
  };
  // Bytes of the output record: absolute (input batch or compiled
  // constants) or an offset into scratch_, which may move as it grows.
  struct Ref {
    const char* abs = nullptr;
    uint32_t off = 0;
    uint32_t len = 0;
  };
  // A key the input record does not have (or every key, with renew_record).
  struct Added {
    Ref key_raw;
    Ref key_text;
    Ref value;
    bool dead = false;
  };
  // Where a key lives in the output: an input entry or an added one.
  struct Slot {
    int32_t input = -1;
    int32_t added = -1;
    bool found() const { return input >= 0 || added >= 0; }
  };
  // input_state_ values besides an index into replaced_.
  static constexpr int32_t kKeep = -1;
  static constexpr int32_t kDrop = -2;

  std::string_view view(const Ref& r) const {
    return r.abs ? std::string_view(r.abs, r.len)
                 : std::string_view(scratch_.data() + r.off, r.len);
  }
  Ref scratch_ref(size_t begin) const {
    return Ref{nullptr, uint32_t(begin), uint32_t(scratch_.size() - begin)};
  }
  static Ref abs_ref(std::string_view s) { return Ref{s.data(), 0, uint32_t(s.size())}; }
  Slot find_slot(std::string_view key) const;
  Ref value_of(const Slot& slot) const;
  void set_value(const Slot& slot, const Ref& value);
  void set_entry(std::string_view key, const Ref& key_raw, const Ref& key_text, const Ref& value);
  // Rewrites one event whose record is in record_; throws EvalError for a
  // record that must go to the error stream.
  void rewrite_one(std::string_view time_raw, std::string& out, RecordSink& sink);
  void apply_deleter(const format::RecordAccessor& path);
  void write_record(std::string& out) const;

  std::vector<Field> fields_;
  bool renew_record_ = false;
  std::optional<std::string> renew_time_key_;
  std::vector<std::string> keep_keys_;
  std::vector<format::RecordAccessor> deleters_;
  std::string hostname_;
  bool noop_ = false;

  // Per-batch and per-record state, reused so steady state allocates nothing.
  TagParts tag_;
  RecordView record_;
  StringArena arena_;
  TimeText time_text_;
  std::vector<int32_t> input_state_;  // per input entry: kKeep, kDrop or a replaced_ index
  std::vector<Ref> replaced_;
  std::vector<Added> added_;
  std::string scratch_;
  std::string text_;
  std::string tmp_;
};

// Time.at(seconds as a Float), exactly: Fluentd's renew_time_key rule
// (EventTime.from_time(Time.at(value.to_f))). False for NaN/Infinity or a
// value outside the 64-bit seconds range.
bool event_time_from_float(double seconds, int64_t& sec, uint32_t& nsec);

}  // namespace ferry::record_transformer
