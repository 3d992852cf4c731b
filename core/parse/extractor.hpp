#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_time.hpp"
#include "ferry/abi.h"
#include "parse/time_parser.hpp"

namespace ferry::parse {

// A typed <extract> section (plugin_helper/extract.rb).
struct ExtractOptions {
  std::optional<std::string> tag_key;
  bool keep_tag_key = false;
  std::optional<std::string> time_key;
  bool keep_time_key = false;
  TimeParseOptions time = [] {  // time_type float by default
    TimeParseOptions t;
    t.type = TimeParseOptions::Type::kFloat;
    return t;
  }();
};

// Reads a validated <extract> section through the host API. nullopt and
// *error on a ConfigError; `warnings` gets Fluentd's configure warnings
// ("'time_format' specified without 'time_key', will be ignored").
std::optional<ExtractOptions> read_extract_options(const ferry_host_api& api,
                                                   const ferry_config* section, std::string* error,
                                                   std::vector<std::string>* warnings);

// Fluentd's extract_tag_from_record / extract_time_from_record, applied the
// way in_exec's on_record does: tag from tag_key (to_s; the key removed
// unless keep_tag_key); when the parser gave no time, the time from
// time_key (removed unless keep_time_key), else now. One instance serves
// one thread at a time (buffers and the time parser's cache).
class Extractor {
 public:
  static std::unique_ptr<Extractor> create(const ExtractOptions& options, std::string* error);

  struct Result {
    bool has_tag = false;
    std::string_view tag;    // valid until the next apply()
    std::string_view event;  // [time, record] to emit; valid until the next apply()
  };
  // `event` is a [time, record] pair; time_set is false when its time is
  // nil (see ParseSink). False and *error when the record is malformed or
  // its time field does not parse (Fluentd's "exec failed to emit").
  bool apply(std::string_view event, bool time_set, Result& out, std::string* error);

 private:
  Extractor() = default;
  struct Entry {
    const uint8_t* begin;  // the key
    const uint8_t* value;
    const uint8_t* end;
  };
  ExtractOptions options_;
  std::vector<Entry> entries_;
  std::unique_ptr<TimeParser> time_parser_;
  std::string tag_;
  std::string out_;
};

}  // namespace ferry::parse
