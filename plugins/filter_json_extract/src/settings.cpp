#include "settings.hpp"

#include <stdexcept>

#include "ferry/params.hpp"

namespace ferry::json_extract {
namespace {

constexpr const char* kOnMissing[] = {"drop", "skip", "null", nullptr};
constexpr const char* kTypes[] = {"integer", "float", "string", "bool", nullptr};
constexpr const char* kKeyFormats[] = {"jmx", "plain", nullptr};
constexpr const char* kAttributes[] = {"numeric", "scalar", "all", nullptr};

constexpr ferry_param kFieldRows[] = {
    ferry::Param("path", FERRY_PARAM_STRING)
        .required()
        .describe("Where the value is in the source: a record accessor path; bracket keys may "
                  "follow dot steps ($.value['kafka.server:name=X,type=Y'].Count)"),
    ferry::Param("type", FERRY_PARAM_ENUM)
        .one_of(kTypes)
        .describe("Convert the value (integer, float, string, bool); unset: copy it as it is. A "
                  "value that cannot be converted counts as missing"),
    ferry::Param("on_missing", FERRY_PARAM_ENUM)
        .one_of(kOnMissing)
        .describe("This field's own on_missing; unset: the filter's"),
};
constexpr ferry_param_table kFieldTable =
    ferry::table(kFieldRows, FERRY_TABLE_HAS_ARG | FERRY_TABLE_PLAIN_SECTION);

constexpr ferry_param kExplodeRows[] = {
    ferry::Param("path", FERRY_PARAM_STRING)
        .required()
        .describe("The map whose entries become one record each (a Jolokia read: $.value)"),
    ferry::Param("key_format", FERRY_PARAM_ENUM)
        .def("jmx")
        .one_of(kKeyFormats)
        .describe("jmx: the entry key is a JMX object name, written as domain_key and one field "
                  "per key property; plain: the key is only written to key_field"),
    ferry::Param("key_field", FERRY_PARAM_STRING)
        .describe("A field holding the whole entry key (the MBean name); unset: none"),
    ferry::Param("domain_key", FERRY_PARAM_STRING)
        .def("domain")
        .describe("The field holding the JMX domain; empty: the domain is not written"),
    ferry::Param("property_prefix", FERRY_PARAM_STRING)
        .def("")
        .describe("Prepended to each key property's name (name, type, topic...)"),
    ferry::Param("attributes", FERRY_PARAM_ENUM)
        .def("numeric")
        .one_of(kAttributes)
        .describe("Which attributes become fields: numeric (integers, floats), scalar (also "
                  "strings and booleans), all (every value as it is). numeric and scalar "
                  "flatten nested maps and leave out arrays and nulls"),
    ferry::Param("attribute_prefix", FERRY_PARAM_STRING)
        .def("")
        .describe("Prepended to each attribute's name"),
    ferry::Param("flatten_separator", FERRY_PARAM_STRING)
        .def(".")
        .describe("Joins a nested attribute's names (HeapMemoryUsage.used)"),
};
constexpr ferry_param_table kExplodeTable = ferry::table(kExplodeRows, FERRY_TABLE_PLAIN_SECTION);

constexpr ferry_param kRows[] = {
    ferry::Param("source_key", FERRY_PARAM_STRING)
        .describe("A record accessor path to the data: a JSON text (parsed once) or a map; unset: "
                  "the record itself"),
    ferry::Param("remove_source_key", FERRY_PARAM_BOOL)
        .def("false")
        .describe("With renew_record false: leave the top-level source_key out of the output"),
    ferry::Param("require_keys", FERRY_PARAM_ARRAY)
        .describe("Paths that must be present (and not null) in the source; records lacking one "
                  "are dropped, counted and logged at debug level"),
    ferry::Param("keep_keys", FERRY_PARAM_ARRAY)
        .describe("Top-level keys of the input record copied first into each output record"),
    ferry::Param("renew_record", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Build each output record from keep_keys and the extracted fields only; false: "
                  "start from a copy of the input record"),
    ferry::Param("on_missing", FERRY_PARAM_ENUM)
        .def("skip")
        .one_of(kOnMissing)
        .describe("When a <field> path finds nothing (or null): drop the record, skip the field, "
                  "or write null"),
    ferry::Param("field", FERRY_PARAM_SECTION)
        .section(&kFieldTable)
        .multi()
        .describe("<field NAME>: one output field from the source"),
    ferry::Param("explode", FERRY_PARAM_SECTION)
        .section(&kExplodeTable)
        .describe("Emit one record per entry of a map instead of one per input record"),
};

OnMissing on_missing_from(const std::string& text) {
  if (text == "drop") return OnMissing::kDrop;
  if (text == "null") return OnMissing::kNull;
  return OnMissing::kSkip;
}

}  // namespace

const ferry_param_table kParams = ferry::table(kRows);

Settings read_settings(const ferry::Config& cfg) {
  Settings s;
  s.location = cfg.location();
  s.source_key = cfg.string("source_key");
  s.remove_source_key = cfg.boolean("remove_source_key").value_or(false);
  if (!cfg.is_nil("require_keys")) s.require_keys = cfg.array("require_keys");
  if (!cfg.is_nil("keep_keys")) s.keep_keys = cfg.array("keep_keys");
  s.renew_record = cfg.boolean("renew_record").value_or(true);
  s.on_missing = on_missing_from(cfg.string_or("on_missing", "skip"));
  for (const ferry::Config& f : cfg.sections("field")) {
    FieldSettings field;
    field.name = f.arg().value_or("");
    field.path = f.string_or("path", "");
    if (auto type = f.string("type")) field.type = field_type_from(*type);
    if (auto m = f.string("on_missing")) field.on_missing = on_missing_from(*m);
    field.location = f.location();
    s.fields.push_back(std::move(field));
  }
  if (auto x = cfg.section("explode")) {
    ExplodeSettings e;
    e.path = x->string_or("path", "");
    e.key_format =
        x->string_or("key_format", "jmx") == "plain" ? KeyFormat::kPlain : KeyFormat::kJmx;
    e.key_field = x->string("key_field");
    e.domain_key = x->string_or("domain_key", "domain");
    e.property_prefix = x->string_or("property_prefix", "");
    const std::string which = x->string_or("attributes", "numeric");
    e.attributes = which == "all"      ? Attributes::kAll
                   : which == "scalar" ? Attributes::kScalar
                                       : Attributes::kNumeric;
    e.attribute_prefix = x->string_or("attribute_prefix", "");
    e.flatten_separator = x->string_or("flatten_separator", ".");
    e.location = x->location();
    s.explode = std::move(e);
  }
  return s;
}

}  // namespace ferry::json_extract
