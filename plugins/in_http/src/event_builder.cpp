#include "event_builder.hpp"

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "time_value.hpp"

namespace ferry::in_http {
namespace {

using format::MpValue;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void append_bytes(std::string& out, const uint8_t* p, size_t n) {
  out.append(reinterpret_cast<const char*>(p), n);
}

void append_text(std::string& out, std::string_view s, bool binary) {
  if (binary)
    format::mp_bin(out, s);
  else
    format::mp_str(out, s);
}

// Ruby's String#split(/\r?\n/) without the trailing empty fields.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  size_t start = 0, line_no = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    size_t stop =
        (end > start && text[end - 1] == '\r' && nl != std::string_view::npos) ? end - 1 : end;
    if (!fn(text.substr(start, stop - start), ++line_no)) return;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// "JSON body", "ndjson line 3", "msgpack object 0": built only for errors.
std::string describe(const char* kind, size_t index) {
  std::string s(kind);
  if (index != size_t(-1)) s += " " + std::to_string(index);
  return s;
}

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

}  // namespace

EventBuilder::EventBuilder(const HttpSettings& settings) : settings_(settings) {}

void EventBuilder::add_extra(std::string_view name, const ParamValue* value) {
  Extra e;
  e.name = name;
  e.key_off = extras_.size();
  format::mp_str(extras_, name);
  e.key_len = extras_.size() - e.key_off;
  e.value_off = extras_.size();
  if (!value) {
    format::mp_nil(extras_);
  } else if (!value->list.empty()) {
    format::mp_array_header(extras_, uint32_t(value->list.size()));
    for (auto s : value->list) append_text(extras_, s, value->binary);
  } else {
    append_text(extras_, value->text, value->binary);
  }
  e.value_len = extras_.size() - e.value_off;
  extra_list_.push_back(e);
}

void EventBuilder::prepare_extras(const Params& params) {
  extras_.clear();
  extra_list_.clear();
  if (settings_.add_http_headers)
    for (const auto& [k, v] : params.items())
      if (starts_with(k, "HTTP_")) add_extra(k, &v);
  if (settings_.add_query_params)
    for (const auto& [k, v] : params.items())
      if (starts_with(k, "QUERY_")) add_extra(k, &v);
  if (settings_.add_remote_addr) add_extra("REMOTE_ADDR", params.find("REMOTE_ADDR"));
}

bool EventBuilder::build(const Params& params, EventTime now, std::string& batch, uint32_t& count,
                         uint32_t& dropped, BuildError* err) {
  const ParamValue* msgpack = params.find("msgpack");
  const ParamValue* json = params.find("json");
  const ParamValue* ndjson = params.find("ndjson");
  if (!msgpack && !json && !ndjson) {
    *err = {"RuntimeError", "'json', 'ndjson' or 'msgpack' parameter is required"};
    return false;
  }
  start(params, now, batch);
  const size_t before = batch.size();
  bool ok;
  if (msgpack) {
    ok = add_msgpack(msgpack->text, err);
  } else if (json) {
    ok = add_document(json->text, "JSON body", size_t(-1), err);
  } else {
    ok = true;
    for_each_line(ndjson->text, [&](std::string_view line, size_t n) {
      if (blank(line)) return true;  // Fluentd drops these silently too
      ok = add_document(line, "ndjson line", n, err);
      return ok;
    });
  }
  if (!ok) {
    batch.resize(before);
    return false;
  }
  count += count_;
  dropped += dropped_;
  return true;
}

bool EventBuilder::build_parsed(const Params& params, std::string_view body, BodyParser& parser,
                                EventTime now, std::string& batch, uint32_t& count,
                                BuildError* err) {
  start(params, now, batch);
  const size_t before = batch.size();
  bool ok = true;
  std::string error;
  const bool parsed = parser.parse(
      body,
      [&](std::string_view event, bool time_set) {
        if (!ok) return;
        EventTime t = now_;
        const auto* p = reinterpret_cast<const uint8_t*>(event.data());
        if (event.size() <= 1 + kEventTimeWireSize ||
            (time_set && !read_event_time(p + 1, kEventTimeWireSize, t))) {
          *err = {"Fluent::Plugin::Parser::ParserError", "the parser made a malformed event"};
          ok = false;
          return;
        }
        const uint8_t* map = p + 1 + kEventTimeWireSize;
        const uint8_t* end = p + event.size();
        const uint8_t* q = map;
        MpValue m;
        bool good = format::read_item(q, end, m) && m.type == MpValue::kMap;
        q = map;
        good = good && format::skip_value(q, end) && q == end;
        if (!good) {
          *err = {"Fluent::Plugin::Parser::ParserError", "the parser made a malformed record"};
          ok = false;
          return;
        }
        ok = add_record(map, end, err, &t);
      },
      &error);
  if (ok && !parsed) {
    *err = {"Fluent::Plugin::Parser::ParserError", error};
    ok = false;
  }
  if (!ok) {
    batch.resize(before);
    return false;
  }
  count += count_;
  return true;
}

void EventBuilder::start(const Params& params, EventTime now, std::string& batch) {
  batch_ = &batch;
  count_ = 0;
  dropped_ = 0;
  now_ = now;
  have_param_time_ = false;
  if (const ParamValue* t = params.find("time"))
    have_param_time_ = param_time(t->text, param_time_);
  prepare_extras(params);
}

bool EventBuilder::add_document(std::string_view json, const char* kind, size_t index,
                                BuildError* err) {
  doc_.clear();
  std::string error;
  if (json.empty()) {
    *err = {"JSON::ParserError", describe(kind, index) + " is empty"};
    return false;
  }
  if (!json_.convert(json, doc_, &error)) {
    *err = {"JSON::ParserError", describe(kind, index) + ": " + error};
    return false;
  }
  const uint8_t* p = reinterpret_cast<const uint8_t*>(doc_.data());
  return add_top_value(p, p + doc_.size(), kind, index, err);
}

bool EventBuilder::add_top_value(const uint8_t* p, const uint8_t* end, const char* kind,
                                 size_t index, BuildError* err) {
  const uint8_t* start = p;
  MpValue v;
  if (!format::read_item(p, end, v)) {
    *err = {"MessagePack::MalformedFormatError", describe(kind, index) + " is malformed"};
    return false;
  }
  if (v.type == MpValue::kMap) {
    const uint8_t* q = start;
    if (!format::skip_value(q, end)) {
      *err = {"MessagePack::MalformedFormatError", describe(kind, index) + " is malformed"};
      return false;
    }
    return add_record(start, q, err);
  }
  if (v.type != MpValue::kArray) {
    *err = {"ArgumentError", describe(kind, index) + " must be an object or an array of objects"};
    return false;
  }
  for (uint32_t i = 0; i < v.size; ++i) {
    const uint8_t* el = p;
    MpValue e;
    const uint8_t* q = p;
    if (!format::read_item(q, end, e) || !format::skip_value(p, end)) {
      *err = {"MessagePack::MalformedFormatError", describe(kind, index) + " is malformed"};
      return false;
    }
    if (e.type != MpValue::kMap) {
      ++dropped_;  // Fluentd drops non-object elements of a batch
      continue;
    }
    if (!add_record(el, p, err)) return false;
  }
  return true;
}

bool EventBuilder::add_msgpack(std::string_view bytes, BuildError* err) {
  // A stream of objects (msgpack-ruby's feed_each).
  const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  size_t index = 0;
  while (p < end) {
    const uint8_t* start = p;
    if (!format::skip_value(p, end)) {
      *err = {"MessagePack::MalformedFormatError",
              "msgpack body: object " + std::to_string(index) + " is truncated or malformed"};
      return false;
    }
    if (!add_top_value(start, p, "msgpack object", index, err)) return false;
    ++index;
  }
  return true;
}

bool EventBuilder::add_record(const uint8_t* map, const uint8_t* end, BuildError* err,
                              const EventTime* parsed_time) {
  const uint8_t* p = map;
  MpValue m;
  format::read_item(p, end, m);
  entries_.clear();
  for (uint32_t i = 0; i < m.size; ++i) {
    Entry e{};
    e.key = p;
    MpValue k;
    const uint8_t* q = p;
    format::read_item(q, end, k);
    if (k.type == MpValue::kStr || k.type == MpValue::kBin) {
      e.key_text = k.bytes();
      e.key_is_text = true;
    }
    format::skip_value(p, end);  // the map was validated as a whole
    e.key_len = size_t(p - e.key);
    e.value = p;
    format::skip_value(p, end);
    e.value_len = size_t(p - e.value);
    entries_.push_back(e);
  }
  auto find = [&](std::string_view key) -> Entry* {
    for (Entry& e : entries_)
      if (e.key_is_text && e.key_text == key) return &e;
    return nullptr;
  };

  bool modified = false;
  // record[k] = v for each extra field: replace in place or append.
  const uint8_t* ex = reinterpret_cast<const uint8_t*>(extras_.data());
  for (const Extra& x : extra_list_) {
    modified = true;
    if (Entry* e = find(x.name)) {
      e->value = ex + x.value_off;
      e->value_len = x.value_len;
    } else {
      entries_.push_back(
          Entry{ex + x.key_off, x.key_len, x.name, true, ex + x.value_off, x.value_len});
    }
  }

  EventTime time = now_;
  if (have_param_time_) {
    time = param_time_;
  } else if (parsed_time) {
    time = *parsed_time;
  } else if (Entry* e = find(settings_.time_field.key)) {
    const uint8_t* vp = e->value;
    MpValue tv;
    format::read_item(vp, e->value + e->value_len, tv);
    const bool absent = tv.type == MpValue::kNil || (tv.type == MpValue::kBool && !tv.boolean);
    if (!absent) {
      std::string error;
      if (!field_time(tv, settings_.time_field.mode, time, &error)) {
        *err = {settings_.time_field.mode == TimeFieldSettings::Mode::kTimeAt
                    ? "TypeError"
                    : "Fluent::TimeParser::TimeParseError",
                error};
        return false;
      }
    }
    if (!settings_.time_field.keep) {
      entries_.erase(entries_.begin() + (e - entries_.data()));
      modified = true;
    }
  }

  std::string& out = *batch_;
  out.push_back(char(0x92));
  append_event_time(out, time);
  if (!modified) {
    append_bytes(out, map, size_t(end - map));
  } else {
    format::mp_map_header(out, uint32_t(entries_.size()));
    for (const Entry& e : entries_) {
      append_bytes(out, e.key, e.key_len);
      append_bytes(out, e.value, e.value_len);
    }
  }
  ++count_;
  return true;
}

}  // namespace ferry::in_http
