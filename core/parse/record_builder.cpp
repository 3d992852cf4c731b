#include "parse/record_builder.hpp"

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::parse {

std::optional<TimeParseOptions> time_parse_options(const ParseOptions& o,
                                                   const char* default_time_type,
                                                   std::string* error) {
  TimeParseOptions t;
  std::string type = o.time_type ? *o.time_type : o.time_format ? "string" : default_time_type;
  using T = TimeParseOptions::Type;
  if (type == "string")
    t.type = T::kString;
  else if (type == "unixtime")
    t.type = T::kUnixtime;
  else if (type == "float")
    t.type = T::kFloat;
  else if (type == "mixed")
    t.type = T::kMixed;
  else {
    if (error) *error = "valid options are string,unixtime,float,mixed but got " + type;
    return std::nullopt;
  }
  t.format = o.time_format;
  t.localtime = o.localtime;
  t.utc = o.utc;
  t.timezone = o.timezone;
  t.fallbacks = o.time_format_fallbacks;
  return t;
}

std::optional<CommonSetup> CommonSetup::create(const ParseOptions& o,
                                               std::optional<std::string> default_time_key,
                                               const char* default_time_type, std::string* error) {
  CommonSetup s;
  s.time_key = o.time_key || o.time_key_given ? o.time_key : std::move(default_time_key);
  s.keep_time_key = o.keep_time_key;
  s.estimate_current_event = o.estimate_current_event;
  auto t = time_parse_options(o, default_time_type, error);
  if (!t) return std::nullopt;
  s.time_parser = TimeParser::create(*t, error);
  if (!s.time_parser) return std::nullopt;
  if (o.null_value_pattern) {
    std::string why;
    s.null_value_pattern = RubyRegex::from_param(*o.null_value_pattern, &why);
    if (!s.null_value_pattern) {
      if (error) *error = "null_value_pattern: " + why;
      return std::nullopt;
    }
  }
  s.null_empty_string = o.null_empty_string;
  auto converters = build_type_converters(o.types, *t, error);
  if (!converters) return std::nullopt;
  s.converters = std::move(*converters);
  return s;
}

void RecordBuilder::set(std::string_view key, FieldValue value) {
  for (Field& f : fields_) {
    if (f.raw_key.empty() && f.key == key) {
      f.value = value;
      return;
    }
  }
  add(key, value);
}

bool RecordBuilder::add_map_entries(const uint8_t*& p, const uint8_t* end, uint32_t count) {
  auto view = [](const uint8_t* a, const uint8_t* b) {
    return std::string_view(reinterpret_cast<const char*>(a), size_t(b - a));
  };
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* key_start = p;
    format::MpValue key;
    if (!format::read_item(p, end, key)) return false;
    bool text_key = key.type == format::MpValue::kStr;
    if (!text_key) {
      p = key_start;
      if (!format::skip_value(p, end)) return false;
    }
    const uint8_t* value_start = p;
    if (!format::skip_value(p, end)) return false;
    FieldValue value = FieldValue::msgpack(view(value_start, p));
    if (text_key)
      add(key.bytes(), value);
    else
      add_raw_key(view(key_start, value_start), value);
  }
  return true;
}

bool RecordBuilder::is_null(const FieldValue& v) {
  std::string_view text;
  if (v.kind == FieldValue::kText) {
    text = v.data;
  } else if (v.kind == FieldValue::kMsgpack) {
    format::MpValue m;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(v.data.data());
    if (!format::read_item(p, p + v.data.size(), m) || m.type != format::MpValue::kStr) {
      return false;
    }
    text = m.bytes();
  } else {
    return false;
  }
  if (setup_.null_empty_string && text.empty()) return true;
  return setup_.null_value_pattern && setup_.null_value_pattern->matches(text);
}

bool RecordBuilder::finish(ParseSink& sink) {
  const std::optional<std::string>& key = setup_.time_key;
  // The last field with the key is the value Ruby's Hash holds.
  Field* time_field = nullptr;
  if (key) {
    for (Field& f : fields_) {
      if (f.raw_key.empty() && f.key == *key) time_field = &f;
    }
  }
  EventTime time;
  bool time_set = true;
  if (time_field) {
    format::MpValue v;
    const FieldValue& fv = time_field->value;
    if (fv.kind == FieldValue::kText) {
      v.type = format::MpValue::kStr;
      v.data = fv.data.data();
      v.size = uint32_t(fv.data.size());
    } else if (fv.kind == FieldValue::kInt) {
      v.type = fv.i < 0 ? format::MpValue::kInt : format::MpValue::kUint;
      v.i = fv.i;
      v.u = uint64_t(fv.i);
    } else if (fv.kind == FieldValue::kMsgpack) {
      const uint8_t* p = reinterpret_cast<const uint8_t*>(fv.data.data());
      if (!format::read_item(p, p + fv.data.size(), v)) v = format::MpValue{};
    }
    if (!setup_.time_parser->parse(v, time, &error_)) {
      sink.on_error(error_);
      return false;
    }
    if (!setup_.keep_time_key) {
      // Hash#delete: every field with the key goes (duplicates only come
      // from JSON input, where Ruby would have kept one).
      size_t w = 0;
      for (size_t r = 0; r < fields_.size(); ++r) {
        if (!(fields_[r].raw_key.empty() && fields_[r].key == *key)) fields_[w++] = fields_[r];
      }
      fields_.resize(w);
    }
  } else if (setup_.estimate_current_event) {
    time = EventTime::now();
  } else {
    time_set = false;
  }
  write(time, time_set, true, sink);
  return true;
}

void RecordBuilder::finish_with_time(EventTime time, bool time_set, bool convert, ParseSink& sink) {
  write(time, time_set, convert, sink);
}

void RecordBuilder::write(EventTime time, bool time_set, bool convert, ParseSink& sink) {
  out_.clear();
  out_.push_back(char(0x92));
  append_event_time(out_, time_set ? time : EventTime{});
  format::mp_map_header(out_, uint32_t(fields_.size()));
  const bool converts = convert && setup_.converts();
  for (const Field& f : fields_) {
    if (f.raw_key.empty())
      format::mp_str(out_, f.key);
    else
      out_.append(f.raw_key);
    const FieldValue& v = f.value;
    if (v.kind == FieldValue::kNil) {
      format::mp_nil(out_);
      continue;
    }
    // Fluentd's `next unless value`: nil and false are left as they are.
    bool falsy = v.kind == FieldValue::kMsgpack && !v.data.empty() &&
                 (uint8_t(v.data[0]) == 0xc0 || uint8_t(v.data[0]) == 0xc2);
    if (converts && !falsy) {
      if (is_null(v)) {
        format::mp_nil(out_);
        continue;
      }
      const TypeConverter* conv = nullptr;
      if (f.raw_key.empty()) {
        for (const TypeConverter& c : setup_.converters) {
          if (c.key == f.key) conv = &c;
        }
      }
      if (conv) {
        conv->write(v, out_, scratch_, parts_);
        continue;
      }
    }
    switch (v.kind) {
      case FieldValue::kText:
        format::mp_str(out_, v.data);
        break;
      case FieldValue::kMsgpack:
        out_.append(v.data);
        break;
      case FieldValue::kInt:
        format::mp_int(out_, v.i);
        break;
      case FieldValue::kNil:
        break;
    }
  }
  sink.on_event(out_, time_set);
}

}  // namespace ferry::parse
