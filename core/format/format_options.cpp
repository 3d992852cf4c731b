#include "format/format_options.hpp"

#include <algorithm>

#include "format/format_params.hpp"

namespace ferry::format {
namespace {

class Reader {
 public:
  Reader(const ferry_host_api& api, const ferry_config* cfg) : api_(api), cfg_(cfg) {}

  bool is_set(const char* name) const { return cfg_ && api_.config_is_set(cfg_, name); }
  std::optional<std::string> string(const char* name) const {
    if (!cfg_) return std::nullopt;
    size_t len = 0;
    const char* s = api_.config_string(cfg_, name, &len);
    if (!s) return std::nullopt;
    return std::string(s, len);
  }
  void string(const char* name, std::string& out) const {
    if (auto s = string(name)) out = *s;
  }
  void boolean(const char* name, bool& out) const {
    if (is_set(name)) out = api_.config_bool(cfg_, name) != 0;
  }
  std::optional<std::vector<std::string>> array(const char* name) const {
    if (!is_set(name)) return std::nullopt;
    std::vector<std::string> items;
    size_t n = api_.config_array_size(cfg_, name);
    for (size_t i = 0; i < n; ++i) {
      size_t len = 0;
      const char* s = api_.config_array_item(cfg_, name, i, &len);
      items.emplace_back(s ? s : "", s ? len : 0);
    }
    return items;
  }

 private:
  const ferry_host_api& api_;
  const ferry_config* cfg_;
};

// Parameters each formatter reads (besides @type and the time ones, which
// every Fluentd formatter declares).
std::vector<std::string> used_params(const std::string& type, const std::string& output_type) {
  std::vector<std::string> used = {"@type", "time_type", "time_format",          "localtime",
                                   "utc",   "timezone",  "time_format_fallbacks"};
  auto add = [&used](std::initializer_list<const char*> names) {
    used.insert(used.end(), names.begin(), names.end());
  };
  if (type == "json")
    add({"newline", "json_parser", "add_newline"});
  else if (type == "out_file")
    add({"newline", "output_time", "output_tag", "delimiter"});
  else if (type == "single_value")
    add({"newline", "message_key", "add_newline"});
  else if (type == "ltsv")
    add({"newline", "delimiter", "label_delimiter", "replacement", "add_newline"});
  else if (type == "csv")
    add({"delimiter", "force_quotes", "fields", "add_newline"});
  else if (type == "tsv")
    add({"newline", "keys", "delimiter", "add_newline"});
  else if (type == "hash")
    add({"newline", "add_newline"});
  else if (type == "stdout") {
    add({"output_type"});
    if (output_type != "stdout") {
      for (const std::string& p : used_params(output_type, "")) used.push_back(p);
    }
  }
  return used;
}

}  // namespace

std::optional<FormatOptions> read_format_options(const ferry_host_api& api,
                                                 const ferry_config* section,
                                                 const char* default_type, std::string* error,
                                                 std::vector<std::string>* unused) {
  Reader r(api, section);
  FormatOptions o;
  o.type = default_type ? default_type : "";
  r.string("@type", o.type);
  if (auto nl = r.string("newline")) o.newline = *nl == "crlf" ? "\r\n" : "\n";
  r.string("json_parser", o.json_parser);
  r.boolean("add_newline", o.add_newline);
  r.string("output_type", o.output_type);
  r.boolean("output_time", o.output_time);
  r.boolean("output_tag", o.output_tag);
  o.delimiter = r.string("delimiter");
  if (auto t = r.string("time_type")) {
    using T = TimeFormatOptions::Type;
    o.time.type = *t == "unixtime" ? T::kUnixtime
                  : *t == "float"  ? T::kFloat
                  : *t == "mixed"  ? T::kMixed
                                   : T::kString;
  }
  o.time.format = r.string("time_format");
  o.time.timezone = r.string("timezone");
  // TimeMixin::TimeParameters#configure: localtime wins, else utc decides.
  bool localtime = true, utc = false;
  r.boolean("localtime", localtime);
  r.boolean("utc", utc);
  if (r.is_set("localtime") && r.is_set("utc") && !(localtime ^ utc)) {
    if (error) *error = "both of utc and localtime are specified, use only one of them";
    return std::nullopt;
  }
  o.time.localtime = r.is_set("localtime") ? localtime : r.is_set("utc") ? !utc : true;
  o.time.utc = utc;
  if (r.is_set("time_type") && o.time.type == TimeFormatOptions::Type::kMixed && !o.time.format) {
    auto fallbacks = r.array("time_format_fallbacks");
    if (!fallbacks || fallbacks->empty()) {
      if (error) *error = "time_type is :mixed but time_format and time_format_fallbacks is empty.";
      return std::nullopt;
    }
  }
  if (o.time.timezone && !TimeZone::from_fluentd(*o.time.timezone, error)) return std::nullopt;
  r.string("message_key", o.message_key);
  r.string("label_delimiter", o.label_delimiter);
  r.string("replacement", o.replacement);
  r.boolean("force_quotes", o.force_quotes);
  o.fields = r.array("fields");
  o.keys = r.array("keys");

  if (unused && section) {
    std::vector<std::string> used = used_params(o.type, o.output_type);
    const ferry_param_table& table = format_section_table();
    for (uint32_t i = 0; i < table.count; ++i) {
      const char* name = table.rows[i].name;
      if (r.is_set(name) && std::find(used.begin(), used.end(), name) == used.end()) {
        unused->push_back(name);
      }
    }
  }
  return o;
}

}  // namespace ferry::format
