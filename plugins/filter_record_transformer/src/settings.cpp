#include "settings.hpp"

#include "ferry/params.hpp"

namespace ferry::record_transformer {
namespace {

// <record>: any key, each value a template (not a plugin section).
constexpr ferry_param_table kRecordTable =
    ferry::empty_table(FERRY_TABLE_ANY_KEYS | FERRY_TABLE_PLAIN_SECTION);

// Names, types and defaults as in Fluentd's filter_record_transformer.rb.
constexpr ferry_param kRows[] = {
    ferry::Param("remove_keys", FERRY_PARAM_ARRAY)
        .describe("Keys to delete after the <record> fields are added; each may be a record "
                  "accessor path ($.a.b, $['a b'][0])"),
    ferry::Param("keep_keys", FERRY_PARAM_ARRAY)
        .describe("Top-level keys copied from the input record (needs renew_record true)"),
    ferry::Param("renew_record", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Start from an empty record instead of a copy of the input"),
    ferry::Param("renew_time_key", FERRY_PARAM_STRING)
        .describe("A key of the new record whose value (epoch seconds, float) becomes the event "
                  "time"),
    ferry::Param("enable_ruby", FERRY_PARAM_BOOL)
        .def("false")
        .describe("${...} holds a Ruby expression; Ferry accepts a documented subset and rejects "
                  "the rest at load"),
    ferry::Param("auto_typecast", FERRY_PARAM_BOOL)
        .def("true")
        .describe("A value that is exactly one placeholder keeps the referenced value's type"),
    ferry::Param("record", FERRY_PARAM_SECTION)
        .section(&kRecordTable)
        .multi()
        .describe("Fields to add or overwrite: `key value`, values may use ${...} placeholders "
                  "and JSON"),
};

}  // namespace

const ferry_param_table kParams = ferry::table(kRows);

Settings read_settings(const ferry::Config& cfg, std::string_view hostname) {
  Settings s;
  for (const ferry::Config& record : cfg.sections("record")) {
    for (auto& [key, value] : record.entries()) {
      std::string location = record.location(key.c_str());
      if (location.empty()) location = record.location();
      s.record.push_back({key, value, std::move(location)});
    }
  }
  s.renew_record = cfg.boolean("renew_record").value_or(false);
  s.renew_time_key = cfg.string("renew_time_key");
  if (!cfg.is_nil("keep_keys")) s.keep_keys = cfg.array("keep_keys");
  if (!cfg.is_nil("remove_keys")) s.remove_keys = cfg.array("remove_keys");
  s.enable_ruby = cfg.boolean("enable_ruby").value_or(false);
  s.auto_typecast = cfg.boolean("auto_typecast").value_or(true);
  s.hostname = std::string(hostname);
  s.keep_keys_location = cfg.location("keep_keys");
  s.remove_keys_location = cfg.location("remove_keys");
  return s;
}

}  // namespace ferry::record_transformer
