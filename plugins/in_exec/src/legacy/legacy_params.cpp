#include "legacy_params.hpp"

#include <string_view>

namespace ferry::exec {
namespace {

// Appends "name value" lines. The parser's defaults text cannot carry a
// value that starts or ends with a blank or holds a newline; the first such
// value is remembered and the conversion refused rather than mangled.
struct DefaultsText {
  std::string text;
  std::string unrepresentable;

  void add(std::string_view name, std::string_view value) {
    bool blank_edge = !value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                         value.back() == ' ' || value.back() == '\t');
    if (blank_edge || value.find_first_of("\r\n") != std::string_view::npos) {
      if (unrepresentable.empty()) unrepresentable = name;
      return;
    }
    text.append(name).append(" ").append(value).append("\n");
  }
  void add_bool(std::string_view name, bool value) { add(name, value ? "true" : "false"); }
};

std::vector<std::string> split(std::string_view s, std::string_view delimiter) {
  std::vector<std::string> out;
  if (delimiter.empty()) {
    out.emplace_back(s);
    return out;
  }
  while (true) {
    size_t at = s.find(delimiter);
    out.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + delimiter.size());
  }
}

}  // namespace

bool LegacyParams::any() const {
  return format || keys || types || time_key || time_format || localtime || utc || delimiter ||
         keep_time_key || null_empty_string || null_value_pattern || message_key ||
         label_delimiter || json_parser;
}

std::optional<std::string> parse_defaults_from(const LegacyParams& legacy, const char* base,
                                               std::string* error) {
  DefaultsText out;
  out.text = base ? base : "";
  if (!legacy.any()) return out.text;
  if (legacy.localtime && legacy.utc) {
    if (error) *error = "both of utc and localtime are specified, use only one of them";
    return std::nullopt;
  }
  if (legacy.format) {
    const std::string& f = *legacy.format;
    if (f.size() >= 2 && f.front() == '/' && f.back() == '/') {
      out.add("@type", "regexp");
      out.add("expression", f);
      // Fluentd hands an old-style regexp's time to <extract> as
      // `time_key time`, `time_type string`; the parser reads it the same.
      if (!legacy.time_key) out.add("time_key", "time");
      out.add("time_type", "string");
    } else {
      out.add("@type", f);
    }
  }
  if (legacy.keys) {
    std::string joined;
    for (const std::string& k : *legacy.keys) joined += (joined.empty() ? "" : ",") + k;
    out.add("keys", joined);
  }
  if (legacy.types) {
    std::string pairs;
    for (const std::string& pair : split(*legacy.types, legacy.types_delimiter)) {
      size_t at = pair.find(legacy.types_label_delimiter);
      std::string key = pair.substr(0, at);
      std::string type =
          at == std::string::npos ? "" : pair.substr(at + legacy.types_label_delimiter.size());
      pairs += (pairs.empty() ? "" : ",") + key + ":" + type;
    }
    out.add("types", pairs);
  }
  if (legacy.time_key) out.add("time_key", *legacy.time_key);
  if (legacy.time_format) {
    out.add("time_format", *legacy.time_format);
    out.add("time_type", "string");  // in_exec: a time_format means a string time
  }
  if (legacy.localtime) out.add_bool("localtime", *legacy.localtime);
  if (legacy.utc) out.add_bool("localtime", !*legacy.utc);
  if (legacy.delimiter) out.add("delimiter", *legacy.delimiter);
  if (legacy.keep_time_key) out.add_bool("keep_time_key", *legacy.keep_time_key);
  if (legacy.null_empty_string) out.add_bool("null_empty_string", *legacy.null_empty_string);
  if (legacy.null_value_pattern) out.add("null_value_pattern", *legacy.null_value_pattern);
  if (legacy.message_key) out.add("message_key", *legacy.message_key);
  if (legacy.label_delimiter) out.add("label_delimiter", *legacy.label_delimiter);
  if (legacy.json_parser) out.add("json_parser", *legacy.json_parser);
  if (!out.unrepresentable.empty()) {
    if (error)
      *error = "the flat parameter '" + out.unrepresentable +
               "' has a value with leading or trailing blanks or a newline; write it inside a "
               "<parse> section instead";
    return std::nullopt;
  }
  return out.text;
}

LegacyParams read_legacy_params(const ferry::Config& cfg) {
  LegacyParams l;
  l.format = cfg.string("format");
  if (cfg.is_set("keys")) l.keys = cfg.array("keys");
  l.types = cfg.string("types");
  l.types_delimiter = cfg.string_or("types_delimiter", ",");
  l.types_label_delimiter = cfg.string_or("types_label_delimiter", ":");
  l.time_key = cfg.string("time_key");
  l.time_format = cfg.string("time_format");
  l.localtime = cfg.boolean("localtime");
  l.utc = cfg.boolean("utc");
  l.delimiter = cfg.string("delimiter");
  l.keep_time_key = cfg.boolean("keep_time_key");
  l.null_empty_string = cfg.boolean("null_empty_string");
  l.null_value_pattern = cfg.string("null_value_pattern");
  l.message_key = cfg.string("message_key");
  l.label_delimiter = cfg.string("label_delimiter");
  l.json_parser = cfg.string("json_parser");
  return l;
}

}  // namespace ferry::exec
