#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "format/time_formatter.hpp"

namespace ferry::format {

// Formats one event into text (or bytes), as a Fluentd formatter plugin's
// #format(tag, time, record). Formatters keep small caches (time), so one
// instance serves one thread at a time.
class Formatter {
 public:
  virtual ~Formatter() = default;
  // Appends the formatted event to out. `record` is the MessagePack map.
  // false and *error when the record cannot be formatted (where Fluentd's
  // formatter raises: NaN under JSON.generate, a CSV field digging into a
  // string, malformed bytes); out is then unspecified past its old size.
  virtual bool format(std::string_view tag, EventTime time, const uint8_t* record, size_t len,
                      std::string& out, std::string* error) = 0;
};

// A typed <format> section: the union of every built-in formatter's
// parameters (lib/fluent/plugin/formatter_*.rb). Optional members are the
// ones whose default depends on the formatter.
struct FormatOptions {
  std::string type;                // @type
  std::string newline = "\n";      // newline lf|crlf
  std::string json_parser = "oj";  // json: oj -> Oj.dump, else JSON.generate
  bool add_newline = true;
  std::string output_type = "json";      // stdout: the inner formatter
  bool output_time = true;               // out_file
  bool output_tag = true;                // out_file
  std::optional<std::string> delimiter;  // as written; keywords per formatter
  TimeFormatOptions time;
  std::string message_key = "message";             // single_value
  std::string label_delimiter = ":";               // ltsv
  std::string replacement = " ";                   // ltsv
  bool force_quotes = true;                        // csv
  std::optional<std::vector<std::string>> fields;  // csv (required)
  std::optional<std::vector<std::string>> keys;    // tsv (required)
};

// The built-in formatter names, for "unknown format type" messages.
const std::vector<std::string>& formatter_names();

// Builds the formatter named options.type. nullptr and *error (Fluentd's
// ConfigError text) for an unknown type or bad options.
std::unique_ptr<Formatter> make_formatter(const FormatOptions& options, std::string* error);

}  // namespace ferry::format
