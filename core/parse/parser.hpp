#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/event_time.hpp"
#include "parse/time_parser.hpp"

namespace ferry::parse {

// Where a parser delivers its results, one call per event or failure.
class ParseSink {
 public:
  virtual ~ParseSink() = default;
  // `event` is one MessagePack [time, record] pair: 0x92, the 10-byte
  // EventTime (fixext8), then the record map from byte kRecordOffset. It is
  // valid during the call only. time_set is false when the input had no
  // time and estimate_current_event is off (Fluentd's nil time): the event
  // then carries time 0 and the caller decides (in_exec: <extract> or now;
  // filter_parser: the original time).
  virtual void on_event(std::string_view event, bool time_set) = 0;
  // One input unit (or one element of a json/msgpack array) failed;
  // `message` quotes the offending text, cut to a readable length.
  virtual void on_error(std::string_view message) = 0;
};

constexpr size_t kRecordOffset = 11;

// How a stream of bytes (in_exec's stdout, a socket) is cut into the units
// parse() takes: Fluentd's parser_type / parse_io / parse_partial_data.
enum class InputKind {
  kLines,          // text_per_line: each line, newline removed (chomp)
  kJsonStream,     // concatenated JSON values (Yajl's parse_io)
  kMsgpackStream,  // concatenated MessagePack objects (parse_partial_data)
};

// A configured parser (Fluentd's Parser#parse). Compiled once; parse()
// reuses its buffers, so one instance serves one thread at a time.
class Parser {
 public:
  virtual ~Parser() = default;
  // Parses one unit and reports every event or failure to the sink. Never
  // throws on input; malformed input is reported through on_error.
  virtual void parse(std::string_view text, ParseSink& sink) = 0;
  virtual InputKind input_kind() const { return InputKind::kLines; }
};

// A typed <parse> section: the union of every built-in parser's parameters
// (lib/fluent/plugin/parser*.rb). Optional members are nil unless written
// (or given a default by the plugin); per-parser defaults are applied by
// each parser.
struct ParseOptions {
  std::string type;
  // Common (Parser, TimeMixin::Parser).
  std::optional<std::string> time_key;
  // True when the user or the plugin set time_key, nil included (in_exec's
  // `config_set_default :time_key, nil` beats json's "time"); otherwise a
  // nil time_key means the parser's own default.
  bool time_key_given = false;
  std::optional<std::string> time_type;  // string|unixtime|float|mixed
  std::optional<std::string> time_format;
  std::vector<std::string> time_format_fallbacks;
  bool localtime = true;  // resolved against utc as TimeParameters does
  bool utc = false;
  std::optional<std::string> timezone;
  bool keep_time_key = false;
  std::vector<std::pair<std::string, std::string>> types;
  std::optional<std::string> null_value_pattern;
  bool null_empty_string = false;
  bool estimate_current_event = true;
  // ltsv, csv, tsv
  std::optional<std::string> delimiter;
  std::optional<std::string> delimiter_pattern;
  std::string label_delimiter = ":";
  std::optional<std::vector<std::string>> keys;
  std::optional<std::string> parser_engine;  // csv: normal|fast; syslog: regexp|string
  // regexp
  std::optional<std::string> expression;
  bool ignorecase = false;
  bool multiline = false;
  // none
  std::string message_key = "message";
  // syslog
  bool with_priority = false;
  std::string message_format = "rfc3164";
  std::string rfc5424_time_format = "%Y-%m-%dT%H:%M:%S.%L%z";
  bool support_colonless_ident = true;
};

// The built-in parser names, for "unknown parser type" messages.
const std::vector<std::string>& parser_names();

// Builds the parser named options.type. nullptr and *error (Fluentd's
// ConfigError text) for an unknown type or bad options.
std::unique_ptr<Parser> make_parser(const ParseOptions& options, std::string* error);

}  // namespace ferry::parse
