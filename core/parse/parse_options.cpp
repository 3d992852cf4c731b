#include "parse/parse_options.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "format/time_zone.hpp"
#include "parse/parse_params.hpp"

namespace ferry::parse {
namespace {

using Overrides = std::map<std::string, std::optional<std::string>, std::less<>>;

const ferry_param* find_row(std::string_view name) {
  const ferry_param_table& t = parse_section_table();
  for (uint32_t i = 0; i < t.count; ++i) {
    if (name == t.rows[i].name) return &t.rows[i];
  }
  return nullptr;
}

std::optional<Overrides> parse_defaults(const char* text, std::string* error) {
  Overrides out;
  if (!text) return out;
  std::string_view s = text;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.empty()) continue;
    size_t sp = line.find_first_of(" \t");
    std::string name(line.substr(0, sp));
    if (!find_row(name)) {
      if (error) *error = "the plugin's parser defaults name an unknown parameter '" + name + "'";
      return std::nullopt;
    }
    if (sp == std::string_view::npos) {
      out[name] = std::nullopt;
      continue;
    }
    std::string_view value = line.substr(sp);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    out[name] = std::string(value);
  }
  return out;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t c = s.find(',');
    out.emplace_back(s.substr(0, c));
    if (c == std::string_view::npos) break;
    s.remove_prefix(c + 1);
  }
  return out;
}

// Values as the user wrote them, else the plugin's default, else nothing
// (the ParseOptions member keeps its own default).
class Reader {
 public:
  Reader(const ferry_host_api& api, const ferry_config* cfg, const Overrides& overrides)
      : api_(api), cfg_(cfg), overrides_(overrides) {}

  bool written(const char* name) const { return cfg_ && api_.config_is_set(cfg_, name); }
  bool given(const char* name) const { return written(name) || overrides_.count(name); }

  std::optional<std::string> string(const char* name) const {
    if (written(name)) {
      size_t len = 0;
      const char* s = api_.config_string(cfg_, name, &len);
      if (!s) return std::nullopt;
      return std::string(s, len);
    }
    auto it = overrides_.find(name);
    return it == overrides_.end() ? std::nullopt : it->second;
  }
  void string(const char* name, std::optional<std::string>& out) const {
    if (given(name)) out = string(name);
  }
  void string(const char* name, std::string& out) const {
    if (auto s = string(name)) out = *s;
  }
  void boolean(const char* name, bool& out) const {
    if (written(name))
      out = api_.config_bool(cfg_, name) != 0;
    else if (auto s = string(name))
      out = *s == "true";
  }
  void array(const char* name, std::optional<std::vector<std::string>>& out) const {
    if (written(name)) {
      std::vector<std::string> items;
      size_t n = api_.config_array_size(cfg_, name);
      for (size_t i = 0; i < n; ++i) {
        size_t len = 0;
        const char* s = api_.config_array_item(cfg_, name, i, &len);
        items.emplace_back(s ? s : "", s ? len : 0);
      }
      out = std::move(items);
    } else if (overrides_.count(name)) {
      auto s = string(name);
      if (s)
        out = split_commas(*s);
      else
        out.reset();
    }
  }
  void hash(const char* name, std::vector<std::pair<std::string, std::string>>& out) const {
    if (written(name)) {
      size_t n = api_.config_hash_size(cfg_, name);
      for (size_t i = 0; i < n; ++i) {
        size_t klen = 0, vlen = 0;
        const char* k = api_.config_hash_key(cfg_, name, i, &klen);
        const char* v = api_.config_hash_value(cfg_, name, i, &vlen);
        out.emplace_back(std::string(k ? k : "", k ? klen : 0),
                         std::string(v ? v : "", v ? vlen : 0));
      }
    } else if (auto s = string(name)) {
      for (const std::string& pair : split_commas(*s)) {
        size_t c = pair.find(':');
        out.emplace_back(pair.substr(0, c), c == std::string::npos ? "" : pair.substr(c + 1));
      }
    }
  }

 private:
  const ferry_host_api& api_;
  const ferry_config* cfg_;
  const Overrides& overrides_;
};

// Parameters each parser reads besides the common ones.
std::vector<std::string> used_params(const std::string& type) {
  std::vector<std::string> used = {"@type",
                                   "types",
                                   "time_key",
                                   "time_type",
                                   "time_format",
                                   "time_format_fallbacks",
                                   "localtime",
                                   "utc",
                                   "timezone",
                                   "keep_time_key",
                                   "null_value_pattern",
                                   "null_empty_string",
                                   "estimate_current_event",
                                   "timeout"};
  auto add = [&used](std::initializer_list<const char*> names) {
    used.insert(used.end(), names.begin(), names.end());
  };
  if (type == "json")
    add({"json_parser", "stream_buffer_size"});
  else if (type == "ltsv")
    add({"delimiter", "delimiter_pattern", "label_delimiter"});
  else if (type == "csv")
    add({"keys", "delimiter", "parser_engine"});
  else if (type == "tsv")
    add({"keys", "delimiter"});
  else if (type == "regexp" || type == "nginx" || type == "apache" || type == "apache_error")
    add({"expression", "ignorecase", "multiline"});
  else if (type == "none")
    add({"message_key"});
  else if (type == "syslog")
    add({"with_priority", "message_format", "rfc5424_time_format", "parser_engine",
         "support_colonless_ident"});
  return used;
}

}  // namespace

std::optional<ParseOptions> read_parse_options(const ferry_host_api& api,
                                               const ferry_config* section,
                                               const char* default_type, const char* defaults,
                                               std::string* error,
                                               std::vector<std::string>* unused) {
  auto overrides = parse_defaults(defaults, error);
  if (!overrides) return std::nullopt;
  Reader r(api, section, *overrides);
  ParseOptions o;
  o.type = default_type ? default_type : "";
  r.string("@type", o.type);
  if (o.type.empty()) {
    if (error) *error = "@type is required in <parse>";
    return std::nullopt;
  }
  r.hash("types", o.types);
  r.string("time_key", o.time_key);
  o.time_key_given = r.given("time_key");
  r.string("time_type", o.time_type);
  r.string("time_format", o.time_format);
  // in_exec and the json parser: a written time_format means time_type
  // string unless time_type is written too.
  if (r.written("time_format") && !r.written("time_type")) o.time_type = "string";
  std::optional<std::vector<std::string>> fallbacks;
  r.array("time_format_fallbacks", fallbacks);
  if (fallbacks) o.time_format_fallbacks = *fallbacks;
  // TimeParameters#configure: localtime wins, else utc decides.
  bool localtime = true, utc = false;
  r.boolean("localtime", localtime);
  r.boolean("utc", utc);
  if (r.given("localtime") && r.given("utc") && !(localtime ^ utc)) {
    if (error) *error = "both of utc and localtime are specified, use only one of them";
    return std::nullopt;
  }
  o.localtime = r.given("localtime") ? localtime : r.given("utc") ? !utc : true;
  o.utc = utc;
  r.string("timezone", o.timezone);
  if (o.timezone && !format::TimeZone::from_fluentd(*o.timezone, error)) return std::nullopt;
  if (r.given("time_type") && o.time_type == "mixed" && !o.time_format &&
      o.time_format_fallbacks.empty()) {
    if (error) *error = "time_type is :mixed but time_format and time_format_fallbacks is empty.";
    return std::nullopt;
  }
  r.boolean("keep_time_key", o.keep_time_key);
  r.string("null_value_pattern", o.null_value_pattern);
  r.boolean("null_empty_string", o.null_empty_string);
  r.boolean("estimate_current_event", o.estimate_current_event);
  r.string("delimiter", o.delimiter);
  r.string("delimiter_pattern", o.delimiter_pattern);
  r.string("label_delimiter", o.label_delimiter);
  r.array("keys", o.keys);
  r.string("parser_engine", o.parser_engine);
  r.string("expression", o.expression);
  r.boolean("ignorecase", o.ignorecase);
  r.boolean("multiline", o.multiline);
  r.string("message_key", o.message_key);
  r.boolean("with_priority", o.with_priority);
  r.string("message_format", o.message_format);
  r.string("rfc5424_time_format", o.rfc5424_time_format);
  r.boolean("support_colonless_ident", o.support_colonless_ident);

  if (unused && section) {
    std::vector<std::string> used = used_params(o.type);
    const ferry_param_table& table = parse_section_table();
    for (uint32_t i = 0; i < table.count; ++i) {
      const char* name = table.rows[i].name;
      if (r.written(name) && std::find(used.begin(), used.end(), name) == used.end()) {
        unused->push_back(name);
      }
    }
  }
  return o;
}

}  // namespace ferry::parse
