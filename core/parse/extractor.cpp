#include "parse/extractor.hpp"

#include "format/event_stream.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/ruby_value.hpp"
#include "format/time_zone.hpp"

namespace ferry::parse {
namespace {

std::optional<std::string> read_string(const ferry_host_api& api, const ferry_config* cfg,
                                       const char* name) {
  if (!cfg || !api.config_is_set(cfg, name)) return std::nullopt;
  size_t len = 0;
  const char* s = api.config_string(cfg, name, &len);
  if (!s) return std::nullopt;
  return std::string(s, len);
}

bool read_bool(const ferry_host_api& api, const ferry_config* cfg, const char* name, bool dflt) {
  if (!cfg || !api.config_is_set(cfg, name)) return dflt;
  return api.config_bool(cfg, name) != 0;
}

}  // namespace

std::optional<ExtractOptions> read_extract_options(const ferry_host_api& api,
                                                   const ferry_config* section, std::string* error,
                                                   std::vector<std::string>* warnings) {
  ExtractOptions o;
  o.tag_key = read_string(api, section, "tag_key");
  o.keep_tag_key = read_bool(api, section, "keep_tag_key", false);
  o.time_key = read_string(api, section, "time_key");
  o.keep_time_key = read_bool(api, section, "keep_time_key", false);
  auto format = read_string(api, section, "time_format");
  auto type = read_string(api, section, "time_type");
  using T = TimeParseOptions::Type;
  // in_exec: a written time_format means time_type string.
  if (!type && format) type = "string";
  o.time.type = !type || *type == "float" ? T::kFloat
                : *type == "unixtime"     ? T::kUnixtime
                                          : T::kString;
  o.time.format = format;
  bool written_local = section && api.config_is_set(section, "localtime");
  bool written_utc = section && api.config_is_set(section, "utc");
  bool localtime = read_bool(api, section, "localtime", true);
  bool utc = read_bool(api, section, "utc", false);
  if (written_local && written_utc && !(localtime ^ utc)) {
    if (error) *error = "both of utc and localtime are specified, use only one of them";
    return std::nullopt;
  }
  o.time.localtime = written_local ? localtime : written_utc ? !utc : true;
  o.time.utc = utc;
  o.time.timezone = read_string(api, section, "timezone");
  if (o.time.timezone && !format::TimeZone::from_fluentd(*o.time.timezone, error)) {
    return std::nullopt;
  }
  if (!o.time_key && format && warnings) {
    warnings->push_back("'time_format' specified without 'time_key', will be ignored");
  }
  return o;
}

std::unique_ptr<Extractor> Extractor::create(const ExtractOptions& options, std::string* error) {
  std::unique_ptr<Extractor> x(new Extractor);
  x->options_ = options;
  if (options.time_key) {
    x->time_parser_ = TimeParser::create(options.time, error);
    if (!x->time_parser_) return nullptr;
  }
  return x;
}

bool Extractor::apply(std::string_view event, bool time_set, Result& out, std::string* error) {
  EventTime time;
  std::string_view record;
  if (!format::split_event(event, time, record)) {
    if (error) *error = "not a [time, record] event";
    return false;
  }
  const uint8_t* p = reinterpret_cast<const uint8_t*>(record.data());
  const uint8_t* end = p + record.size();
  format::MpValue map;
  if (!format::read_item(p, end, map) || map.type != format::MpValue::kMap) {
    if (error) *error = "the record is not a map";
    return false;
  }
  // One pass: find the tag and time entries (the last of each, as a Ruby
  // Hash keeps one), remembering every entry's extent for the copy.
  std::vector<Entry>& entries = entries_;
  entries.clear();
  int tag_at = -1, time_at = -1;
  for (uint32_t i = 0; i < map.size; ++i) {
    Entry e{p, nullptr, nullptr};
    format::MpValue key;
    const uint8_t* key_start = p;
    if (!format::read_item(p, end, key)) break;
    if (key.type != format::MpValue::kStr) {
      p = key_start;
      if (!format::skip_value(p, end)) break;
    }
    e.value = p;
    if (!format::skip_value(p, end)) break;
    e.end = p;
    if (key.type == format::MpValue::kStr) {
      if (options_.tag_key && key.bytes() == *options_.tag_key) tag_at = int(entries.size());
      if (options_.time_key && key.bytes() == *options_.time_key) time_at = int(entries.size());
    }
    entries.push_back(e);
  }
  if (entries.size() != map.size) {
    if (error) *error = "malformed record";
    return false;
  }
  out.has_tag = false;
  bool drop_tag = false, drop_time = false;
  if (tag_at >= 0) {
    tag_.clear();
    const uint8_t* v = entries[size_t(tag_at)].value;
    format::append_ruby_to_s(tag_, v, entries[size_t(tag_at)].end, 0, nullptr);
    out.has_tag = true;
    out.tag = tag_;
    drop_tag = !options_.keep_tag_key;
    if (drop_tag && time_at == tag_at) time_at = -1;  // deleted before the time is looked up
  }
  if (!time_set) {
    if (time_at >= 0) {
      const uint8_t* v = entries[size_t(time_at)].value;
      format::MpValue value;
      format::read_item(v, entries[size_t(time_at)].end, value);
      if (!time_parser_->parse(value, time, error)) return false;
      drop_time = !options_.keep_time_key;
    } else {
      time = EventTime::now();
    }
  }
  out_.clear();
  out_.push_back(char(0x92));
  append_event_time(out_, time);
  uint32_t kept = map.size - (drop_tag ? 1 : 0) - (drop_time ? 1 : 0);
  format::mp_map_header(out_, kept);
  for (size_t i = 0; i < entries.size(); ++i) {
    if ((drop_tag && int(i) == tag_at) || (drop_time && int(i) == time_at)) continue;
    out_.append(reinterpret_cast<const char*>(entries[i].begin),
                size_t(entries[i].end - entries[i].begin));
  }
  out.event = out_;
  return true;
}

}  // namespace ferry::parse
