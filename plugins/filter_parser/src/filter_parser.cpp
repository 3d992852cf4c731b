// filter_parser: Fluentd's parser filter. Parses one field of each record
// with the core's <parse> parser and replaces the record with the result
// (or merges it in, with reserve_data). The map operations are in
// record_ops, the parameters in settings.
#include <stdexcept>
#include <string>
#include <string_view>

#include "event/event_time.hpp"
#include "ferry/parser.hpp"
#include "ferry/plugin.hpp"
#include "format/event_stream.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "parse/text_cut.hpp"
#include "record_ops.hpp"
#include "settings.hpp"
#include "utf8_scrub.hpp"

namespace ferry::parser_filter {
namespace {

constexpr std::string_view kEmptyMap = "\x80";
// The class Fluentd's error events name for parse failures.
constexpr const char* kParserError = "Fluent::Plugin::Parser::ParserError";

class ParserFilter : public ferry::Filter {
 public:
  ParserFilter(const ferry::Host& host, const ferry::Config& cfg)
      : Filter(host),
        s_(read_settings(cfg)),
        parser_(host, s_.parse_section, nullptr, s_.parse_defaults.c_str()) {}

  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer& out) override {
    out_.clear();
    out_count_ = 0;
    const uint8_t* p = in.data();
    const uint8_t* end = p + in.size();
    while (p < end) {
      std::string_view event, record;
      EventTime time;
      if (!format::next_event(p, end, event) || !format::split_event(event, time, record)) {
        throw std::runtime_error("malformed event stream at byte " + std::to_string(p - in.data()));
      }
      process(in.tag(), event, time, record);
    }
    out.append(out_, out_count_);
    return FERRY_FILTER_REWRITTEN;
  }

 private:
  // One input event. `record_` is the record as Fluentd's `record` is at
  // each step: remove_key_name_field changes it once a parse succeeds.
  void process(std::string_view tag, std::string_view event, EventTime time,
               std::string_view record) {
    tag_ = tag;
    event_ = event;
    time_ = time;
    record_ = record;
    changed_ = false;
    const auto* rb = reinterpret_cast<const uint8_t*>(record.data());
    const uint8_t* re = rb + record.size();
    const uint8_t* found = nullptr;
    switch (s_.key.find(rb, re, &found)) {
      case format::RecordAccessor::Result::kMalformed:
        return error_event("malformed record", nullptr);
      case format::RecordAccessor::Result::kTypeError:
        // Hash#dig raising: Fluentd sends the event to @ERROR and drops it.
        return error_event(str(s_.key_name,
                               ": cannot dig into a value that is not a hash "
                               "or an array"),
                           "TypeError");
      case format::RecordAccessor::Result::kMissing:
        return missing();
      case format::RecordAccessor::Result::kFound:
        break;
    }
    format::MpValue v;
    const uint8_t* q = found;
    format::read_item(q, re, v);
    if (v.type == format::MpValue::kNil) return missing();
    if (v.type != format::MpValue::kStr && v.type != format::MpValue::kBin) {
      // The parsers take text; Fluentd's raise on other values and the
      // event goes to @ERROR, even with reserve_data.
      return error_event(str("parse failed ", s_.key_name, " is not a string"), kParserError);
    }
    std::string_view raw = v.bytes();
    if (s_.replace_invalid_sequence && !scrub_utf8(raw, "?", scrubbed_)) raw = scrubbed_;
    parser_.parse(raw, [&](const ferry::Parsed& r) { on_result(r, raw); });
  }

  void missing() {
    if (s_.reserve_data) add(time_, kEmptyMap);
    error_event(str(s_.key_name, " does not exist"), "ArgumentError");
  }

  void on_result(const ferry::Parsed& r, std::string_view raw) {
    if (!r.ok()) {
      error_event("pattern not matched with data " + parse::quote_for_message(raw), kParserError);
      if (s_.reserve_data) add(time_, kEmptyMap);
      return;
    }
    EventTime t = time_;
    if (!s_.reserve_time && r.time_set) {
      read_event_time(reinterpret_cast<const uint8_t*>(r.event.data()) + 1, r.event.size() - 1, t);
    }
    if (s_.remove_key_name_field && !changed_) {
      std::string removed;
      if (s_.key.delete_from(record_, 0, removed)) {
        changed_record_ = std::move(removed);
        record_ = changed_record_;
      }
      changed_ = true;
    }
    add(t, r.record());
  }

  // handle_parsed: the values prefixed, wrapped, merged over the record.
  void add(EventTime t, std::string_view values) {
    std::string_view v = values;
    if (s_.inject_key_prefix) {
      prefixed_.clear();
      append_prefixed(prefixed_, v, *s_.inject_key_prefix);
      v = prefixed_;
    }
    if (s_.hash_value_field) {
      wrapped_.clear();
      append_wrapped(wrapped_, *s_.hash_value_field, v);
      v = wrapped_;
    }
    format::mp_array_header(out_, 2);
    append_event_time(out_, t);
    if (s_.reserve_data)
      append_merged(out_, record_, v);
    else
      out_.append(v);
    ++out_count_;
  }

  // router.emit_error_event(tag, time, record, error) when enabled;
  // error_class: the Ruby class of Fluentd's error (nullptr: Ferry's own).
  void error_event(const std::string& reason, const char* error_class) {
    if (!s_.emit_invalid_record_to_error) return;
    if (!changed_) return host().emit_error(tag_, event_, reason, error_class);
    std::string e;
    format::mp_array_header(e, 2);
    append_event_time(e, time_);
    e.append(record_);
    host().emit_error(tag_, e, reason, error_class);
  }

  Settings s_;
  ferry::Parser parser_;
  std::string out_;
  uint32_t out_count_ = 0;
  // The event being processed.
  std::string_view tag_, event_, record_;
  EventTime time_;
  bool changed_ = false;
  std::string changed_record_;
  // Scratch, reused across events.
  std::string scrubbed_, prefixed_, wrapped_;
};

}  // namespace
}  // namespace ferry::parser_filter

FERRY_PLUGIN(ferry::parser_filter::ParserFilter, FERRY_KIND_FILTER, "parser", "1.0.0",
             "Parses a field of each record into new fields", "stable",
             ferry::parser_filter::kParams, FERRY_CAP_PARSE)
