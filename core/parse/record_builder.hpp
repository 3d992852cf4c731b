#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/field.hpp"
#include "parse/parser.hpp"
#include "parse/ruby_regex.hpp"
#include "parse/time_parser.hpp"
#include "parse/type_converter.hpp"

namespace ferry::parse {

// What every Fluentd parser shares (Parser#parse_time and #convert_values),
// compiled once from the options with the parser's own defaults.
struct CommonSetup {
  std::optional<std::string> time_key;
  bool keep_time_key = false;
  bool estimate_current_event = true;
  std::unique_ptr<TimeParser> time_parser;
  std::optional<RubyRegex> null_value_pattern;
  bool null_empty_string = false;
  std::vector<TypeConverter> converters;

  // Per-parser defaults: the time_key and time_type a parser sets with
  // config_set_default, used when the options leave them nil.
  static std::optional<CommonSetup> create(const ParseOptions& o,
                                           std::optional<std::string> default_time_key,
                                           const char* default_time_type, std::string* error);
  bool converts() const { return !converters.empty() || null_value_pattern || null_empty_string; }
};

// The time parse options a <parse> section gives (time_type resolved with
// the parser's default and Fluentd's "time_format given => string" rule).
// nullopt and *error for a bad time_type.
std::optional<TimeParseOptions> time_parse_options(const ParseOptions& o,
                                                   const char* default_time_type,
                                                   std::string* error);

// Collects one record's fields, then writes the [time, record] event:
// time from time_key (removed unless keep_time_key) or now, values nulled
// and converted, all in one pass into a reused buffer.
class RecordBuilder {
 public:
  explicit RecordBuilder(CommonSetup setup) : setup_(std::move(setup)) {}

  const CommonSetup& setup() const { return setup_; }
  void begin() { fields_.clear(); }
  // Appends a field (keys the parser knows to be distinct).
  void add(std::string_view key, FieldValue value) { fields_.push_back({key, {}, value}); }
  void add_raw_key(std::string_view raw_key, FieldValue value) {
    fields_.push_back({{}, raw_key, value});
  }
  // Adds the `count` entries of a MessagePack map whose header was read (p
  // at the first key), as views into those bytes. False on malformed bytes.
  bool add_map_entries(const uint8_t*& p, const uint8_t* end, uint32_t count);
  // Ruby's record[key] = value: replaces an existing key in place.
  void set(std::string_view key, FieldValue value);
  std::vector<Field>& fields() { return fields_; }

  // parse_time + convert_values + emit. False after reporting a time parse
  // failure to the sink (Fluentd raises ParserError: the caller stops).
  bool finish(ParseSink& sink);
  // For parsers that find the time themselves (syslog, apache2): emits with
  // that time, no time_key handling; convert=false skips convert_values.
  void finish_with_time(EventTime time, bool time_set, bool convert, ParseSink& sink);

 private:
  void write(EventTime time, bool time_set, bool convert, ParseSink& sink);
  bool is_null(const FieldValue& v);

  CommonSetup setup_;
  std::vector<Field> fields_;
  std::string out_;
  std::string scratch_;
  std::string error_;
  std::vector<std::string_view> parts_;
};

}  // namespace ferry::parse
