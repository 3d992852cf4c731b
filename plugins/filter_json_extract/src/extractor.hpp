#pragma once
// The json_extract work on one batch, with no host involved. Per event: the
// source document is located (the record, a map inside it, or a JSON text
// in source_key parsed once), require_keys are checked, the parts every
// output record shares (keep_keys, <field>s) are written once, then one
// record is written (field mode) or one per entry of the <explode> map.
// Output MessagePack is written straight into the caller's buffer; every
// working buffer is reused, so a warmed-up extractor allocates nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convert.hpp"
#include "jmx_name.hpp"
#include "json_doc.hpp"
#include "path.hpp"

namespace ferry::json_extract {

// What a <field> whose path finds nothing (or null, or a value its `type`
// cannot take) does.
enum class OnMissing { kDrop, kSkip, kNull };
enum class KeyFormat { kJmx, kPlain };
// Which attributes of an exploded entry become fields.
enum class Attributes { kNumeric, kScalar, kAll };

struct FieldSettings {
  std::string name;
  std::string path;
  FieldType type = FieldType::kAsIs;
  std::optional<OnMissing> on_missing;  // nullopt: the filter's on_missing
  std::string location;                 // "file:line" for messages
};

struct ExplodeSettings {
  std::string path;
  KeyFormat key_format = KeyFormat::kJmx;
  std::optional<std::string> key_field;  // the whole entry key goes here
  std::string domain_key = "domain";     // "": the JMX domain is not written
  std::string property_prefix;
  Attributes attributes = Attributes::kNumeric;
  std::string attribute_prefix;
  std::string flatten_separator = ".";
  std::string location;
};

struct Settings {
  std::optional<std::string> source_key;
  bool remove_source_key = false;
  std::vector<std::string> require_keys;
  std::vector<std::string> keep_keys;
  bool renew_record = true;
  OnMissing on_missing = OnMissing::kSkip;
  std::vector<FieldSettings> fields;
  std::optional<ExplodeSettings> explode;
  std::string location;  // of the <filter> section, for messages
};

// Running totals since the filter started (debug lines quote them).
struct Stats {
  uint64_t events_in = 0;
  uint64_t records_out = 0;
  uint64_t dropped_required = 0;  // a require_keys path was missing
  uint64_t dropped_missing = 0;   // a <field> with on_missing drop, or no explode map
  uint64_t errors = 0;            // sent to the error stream
  uint64_t entries_bad_name = 0;  // explode entries whose key is not a JMX name
  uint64_t entries_empty = 0;     // explode entries with no attribute to write
};

// Where log lines and failed events go.
class ExtractSink {
 public:
  virtual ~ExtractSink() = default;
  virtual bool debug_enabled() const = 0;
  virtual void debug(std::string_view message) = 0;
  virtual void warn(std::string_view message) = 0;
  // One event ([time, record] bytes as received) for the error stream.
  virtual void error_event(std::string_view event, const std::string& reason) = 0;
};

class Extractor {
 public:
  // Throws std::invalid_argument listing every configuration error, one per
  // line, each prefixed with its "file:line: ".
  explicit Extractor(const Settings& settings);

  // Appends the output events for `events` to out and returns how many.
  // Throws std::runtime_error when the batch itself is malformed.
  uint32_t run(std::string_view events, std::string& out, ExtractSink& sink);

  const Stats& stats() const { return stats_; }

 private:
  struct Field {
    std::string name;
    std::string key_raw;  // MessagePack str of name
    Path path;
    FieldType type;
    OnMissing on_missing;
  };
  struct Explode {
    Path path;
    KeyFormat key_format;
    std::string key_field;  // "": none
    std::string domain_key;
    std::string property_prefix;
    Attributes attributes;
    std::string attribute_prefix;
    std::string separator;
  };
  // Bytes of an output entry: absolute (the input batch, compiled
  // constants) or an offset into scratch_, which may move as it grows.
  struct Ref {
    const char* abs = nullptr;
    uint32_t off = 0;
    uint32_t len = 0;
  };
  struct Entry {
    std::string_view key;  // text of a string key; empty with named false
    bool named = false;
    Ref key_raw;
    Ref value;
  };
  std::string_view view(const Ref& r) const {
    return r.abs ? std::string_view(r.abs, r.len)
                 : std::string_view(scratch_.data() + r.off, r.len);
  }
  static Ref abs_ref(std::string_view s) { return Ref{s.data(), 0, uint32_t(s.size())}; }

  void one_event(std::string_view event, std::string_view time_raw, const uint8_t* record,
                 const uint8_t* end);
  template <class Doc>
  void extract(const Doc& doc, typename Doc::Node root, std::string_view time_raw,
               const uint8_t* record, const uint8_t* end);
  void collect_record_entries(const uint8_t* record, const uint8_t* end);
  // False when a field with on_missing drop found nothing (*dropped_by
  // names it).
  template <class Doc>
  bool add_fields(const Doc& doc, typename Doc::Node root, const Field** dropped_by);
  void finish_common();
  template <class Doc>
  void explode_entry(const Doc& doc, std::string_view key, typename Doc::Node value,
                     std::string_view time_raw);
  template <class Doc>
  void write_attributes(const Doc& doc, typename Doc::Node map, size_t base, int depth);
  template <class Doc>
  void write_attribute(const Doc& doc, std::string_view key, typename Doc::Node value, int depth);
  bool add_key(std::string_view key);
  // Counts a record or entry that yields nothing; at debug level says
  // `what `name` (N so far)`.
  void drop(uint64_t& counter, std::string_view what, std::string_view name);

  // Configuration.
  std::optional<Path> source_;
  bool remove_source_key_ = false;
  std::vector<Path> require_;
  std::vector<std::string> keep_keys_;
  bool renew_record_ = true;
  std::vector<Field> fields_;
  std::optional<Explode> explode_;

  // Per-batch and per-record state, reused.
  ExtractSink* sink_ = nullptr;
  std::string* out_ = nullptr;
  uint32_t written_ = 0;
  JsonParser json_;
  std::string scratch_;    // converted field values
  std::string tmp_;        // conversions' working space
  std::string container_;  // a map or array being turned into JSON text
  std::vector<Entry> entries_;
  std::vector<Entry> keep_found_;  // per keep key: its entry (named false: absent)
  std::string common_;             // entries_ serialised: shared by every output record
  uint32_t common_count_ = 0;
  std::vector<std::string_view> base_keys_;
  uint64_t base_mask_ = 0;  // bit (length % 64) of each base key: a cheap "surely new"
  std::vector<std::pair<uint32_t, uint32_t>> dyn_keys_;  // offset, length in *out_
  uint64_t dyn_mask_ = 0;
  std::string keybuf_;
  std::string_view entry_key_;  // the explode entry being written, for messages
  JmxName jmx_;
  bool warned_shadow_ = false;
  Stats stats_;
};

}  // namespace ferry::json_extract
