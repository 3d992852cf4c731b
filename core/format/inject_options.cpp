#include "format/inject_options.hpp"

namespace ferry::format {
namespace {

// The validated rows of one config (the <inject> section or the directive).
class Rows {
 public:
  Rows(const ferry_host_api& api, const ferry_config* cfg) : api_(api), cfg_(cfg) {}

  bool is_set(const char* name) const { return api_.config_is_set(cfg_, name) != 0; }
  std::optional<std::string> string(const char* name) const {
    size_t len = 0;
    const char* s = api_.config_string(cfg_, name, &len);
    if (!s) return std::nullopt;
    return std::string(s, len);
  }
  // The value when written or defaulted; `fallback` when nil.
  bool boolean(const char* name, bool fallback) const {
    size_t len = 0;
    if (!api_.config_string(cfg_, name, &len)) return fallback;
    return api_.config_bool(cfg_, name) != 0;
  }
  std::string where(const char* name) const {
    const char* loc = api_.config_location ? api_.config_location(cfg_, name) : nullptr;
    return loc ? std::string(loc) + ": " : std::string();
  }

 private:
  const ferry_host_api& api_;
  const ferry_config* cfg_;
};

using TimeType = InjectOptions::TimeType;

TimeType time_type_of(const std::string& s) {
  if (s == "unixtime") return TimeType::kUnixtime;
  if (s == "unixtime_millis") return TimeType::kUnixtimeMillis;
  if (s == "unixtime_micros") return TimeType::kUnixtimeMicros;
  if (s == "unixtime_nanos") return TimeType::kUnixtimeNanos;
  if (s == "string") return TimeType::kString;
  return TimeType::kFloat;
}

// The <inject> section as Fluentd's inject helper reads it. Its time
// parameters are plain config_params (not TimeParameters#configure): both
// localtime and utc may be written, and utc then wins.
InjectOptions from_section(const Rows& r) {
  InjectOptions o;
  o.hostname_key = r.string("hostname_key");
  if (auto h = r.string("hostname")) o.hostname = *h;
  o.worker_id_key = r.string("worker_id_key");
  o.tag_key = r.string("tag_key");
  o.time_key = r.string("time_key");
  o.time_type = time_type_of(r.string("time_type").value_or("float"));
  o.time.format = r.string("time_format");
  o.time.timezone = r.string("timezone");
  o.time.utc = r.boolean("utc", false);
  o.time.localtime = r.boolean("localtime", true) && !o.time.utc;
  return o;
}

constexpr const char* kLegacyKeys[] = {"include_time_key", "time_key", "time_format", "timezone",
                                       "include_tag_key",  "tag_key",  "localtime",   "utc"};

// compat_parameters_inject: the flat rows become an <inject> section when
// any of INJECT_PARAMS is written.
std::optional<InjectOptions> from_flat(const Rows& r, std::string* error) {
  bool any = false;
  for (const char* k : kLegacyKeys) any = any || r.is_set(k);
  if (!any) return std::nullopt;
  InjectOptions o;
  o.tag_key = r.string("tag_key");
  o.time_key = r.string("time_key");
  o.time.format = r.string("time_format");
  o.time.timezone = r.string("timezone");
  std::optional<std::string> time_type;
  if (r.is_set("include_time_key") && r.boolean("include_time_key", false)) {
    if (!o.time_key) o.time_key = "time";
    if (!time_type) time_type = "string";
  }
  if (r.is_set("time_as_epoch") && r.boolean("time_as_epoch", false)) {
    if (!o.time_key) o.time_key = "time";
    time_type = "unixtime";
  }
  o.time_type = time_type_of(time_type.value_or("float"));
  if (r.is_set("localtime") && r.is_set("utc")) {
    if (error) {
      *error = r.where("utc") + "both of utc and localtime are specified, use only one of them";
    }
    return std::nullopt;
  }
  o.time.localtime = r.is_set("localtime") ? r.boolean("localtime", true)
                     : r.is_set("utc")     ? !r.boolean("utc", false)
                                           : true;
  o.time.utc = false;
  if (r.is_set("include_tag_key") && r.boolean("include_tag_key", false) && !o.tag_key) {
    o.tag_key = "tag";
  }
  return o;
}

}  // namespace

std::optional<InjectOptions> read_inject_options(const ferry_host_api& api,
                                                 const ferry_config* directive,
                                                 const std::string& hostname, std::string* error,
                                                 std::vector<InjectNote>* notes) {
  if (error) error->clear();
  if (!directive) return std::nullopt;
  auto note = [notes](ferry_log_level level, std::string text) {
    if (notes) notes->push_back(InjectNote{level, std::move(text)});
  };
  const Rows flat(api, directive);
  std::optional<InjectOptions> o;
  const ferry_config* section = api.config_section_count(directive, "inject") > 0
                                    ? api.config_section(directive, "inject", 0)
                                    : nullptr;
  if (section) {
    o = from_section(Rows(api, section));
    for (const char* k : {"include_tag_key", "include_time_key"}) {
      if (flat.is_set(k)) {
        note(FERRY_LOG_WARN, flat.where(k) + "parameter '" + k +
                                 "' is not used: the <inject> section is used instead");
      }
    }
  } else {
    o = from_flat(flat, error);
    if (!o) {
      // Not one of INJECT_PARAMS: alone it converts nothing, and Fluentd
      // reports it unused.
      if (error && error->empty() && flat.is_set("time_as_epoch")) {
        note(FERRY_LOG_WARN, flat.where("time_as_epoch") + "parameter 'time_as_epoch' is not used");
      }
      return std::nullopt;
    }
  }
  if (!o->time_key && o->time.format) {
    note(FERRY_LOG_WARN, "'time_format' specified without 'time_key', will be ignored");
  }
  const bool hostname_given = section && Rows(api, section).is_set("hostname");
  if (o->hostname_key && !hostname_given) {
    o->hostname = hostname;
    note(FERRY_LOG_INFO, "using hostname for specified field host_key=\"" + *o->hostname_key +
                             "\" host_name=\"" + hostname + "\"");
  }
  if (o->time_key && o->time_type == TimeType::kString && o->time.timezone) {
    std::string zone_error;
    if (!TimeZone::from_fluentd(*o->time.timezone, &zone_error)) {
      if (error) {
        *error = section ? Rows(api, section).where("timezone") + "<inject>: " + zone_error
                         : flat.where("timezone") + zone_error;
      }
      return std::nullopt;
    }
  }
  return o;
}

}  // namespace ferry::format
