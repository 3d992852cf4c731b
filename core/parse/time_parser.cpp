#include "parse/time_parser.hpp"

#include <cmath>

#include "format/time_zone.hpp"
#include "parse/ruby_text.hpp"
#include "parse/ruby_time_parse.hpp"
#include "parse/strptime.hpp"
#include "parse/text_cut.hpp"
#include "text/ruby_float.hpp"

namespace ferry::parse {
namespace {

using format::MpValue;

bool is_text(const MpValue& v) {
  return v.type == MpValue::kStr || v.type == MpValue::kBin;
}
bool is_number(const MpValue& v) {
  return v.type == MpValue::kInt || v.type == MpValue::kUint || v.type == MpValue::kFloat;
}

// Appends Ruby's to_s of the value (the float split, messages).
void append_value_text(std::string& out, const MpValue& v) {
  switch (v.type) {
    case MpValue::kStr:
    case MpValue::kBin:
      out.append(v.bytes());
      return;
    case MpValue::kInt:
      out += std::to_string(v.i);
      return;
    case MpValue::kUint:
      out += std::to_string(v.u);
      return;
    case MpValue::kFloat:
      text::append_ruby_float(out, v.f);
      return;
    case MpValue::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case MpValue::kNil:
      return;
    case MpValue::kArray:
      out += "[...]";
      return;
    case MpValue::kMap:
      out += "{...}";
      return;
    case MpValue::kExt:
      out += "ext";
      return;
  }
}

std::string value_text(const MpValue& v) {
  std::string s;
  append_value_text(s, v);
  return s;
}

// The value as an error message quotes it.
std::string shown(const MpValue& v) {
  return quote_for_message(value_text(v));
}

const char* ruby_class(const MpValue& v) {
  switch (v.type) {
    case MpValue::kStr:
    case MpValue::kBin:
      return "String";
    case MpValue::kInt:
    case MpValue::kUint:
      return "Integer";
    case MpValue::kFloat:
      return "Float";
    case MpValue::kBool:
      return v.boolean ? "TrueClass" : "FalseClass";
    case MpValue::kNil:
      return "NilClass";
    case MpValue::kArray:
      return "Array";
    case MpValue::kMap:
      return "Hash";
    case MpValue::kExt:
      return "NilClass";
  }
  return "Object";
}

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

class NumericTimeParser : public TimeParser {
 public:
  explicit NumericTimeParser(bool unixtime) : unixtime_(unixtime) {}

  bool parse(const MpValue& v, EventTime& out, std::string* error) override {
    if (!is_text(v) && !is_number(v)) {
      return fail(error,
                  "value must be a string or a number: " + shown(v) + "(" + ruby_class(v) + ")");
    }
    if (unixtime_) {
      int64_t sec;
      if (v.type == MpValue::kInt)
        sec = v.i;
      else if (v.type == MpValue::kUint)
        sec = int64_t(v.u);
      else if (v.type == MpValue::kFloat) {
        if (!std::isfinite(v.f)) {
          return fail(error, "invalid time format: value = " + shown(v) +
                                 ", error_class = FloatDomainError, error = " + value_text(v));
        }
        sec = int64_t(v.f);
      } else {
        sec = ruby_to_i(v.bytes());
      }
      out = EventTime{uint32_t(sec), 0};
      return true;
    }
    // value.to_s.split('.', 3): seconds, then the fraction's first nine
    // characters padded with zeros (Fluentd keeps ten, which can exceed a
    // second; Ferry keeps the EventTime valid).
    std::string_view s;
    if (is_text(v)) {
      s = v.bytes();
    } else {
      scratch_.clear();
      append_value_text(scratch_, v);
      s = scratch_;
    }
    size_t dot = s.find('.');
    std::string_view sec_s = s.substr(0, dot);
    char nsec_s[10] = "000000000";
    if (dot != std::string_view::npos) {
      std::string_view frac = s.substr(dot + 1);
      frac = frac.substr(0, frac.find('.'));
      for (size_t k = 0; k < 9 && k < frac.size(); ++k) nsec_s[k] = frac[k];
    }
    out = EventTime{uint32_t(ruby_to_i(sec_s)), uint32_t(ruby_to_i(std::string_view(nsec_s, 9)))};
    return true;
  }

 private:
  bool unixtime_;
  std::string scratch_;  // Ruby's to_s of a number
};

class StringTimeParser : public TimeParser {
 public:
  enum class Kind { kStrptime, kIso8601, kRubyParse };

  static std::unique_ptr<StringTimeParser> make(const std::optional<std::string>& format,
                                                bool localtime,
                                                const std::optional<std::string>& timezone,
                                                std::string* error) {
    if (!format && (timezone || !localtime)) {
      fail(error, "specifying timezone requires time format");
      return nullptr;
    }
    auto p = std::unique_ptr<StringTimeParser>(new StringTimeParser);
    p->zone_ = localtime ? format::TimeZone::local() : format::TimeZone::utc();
    if (timezone) {
      auto z = format::TimeZone::from_fluentd(*timezone, error);
      if (!z) return nullptr;
      p->zone_ = *z;
    }
    if (!format) {
      p->kind_ = Kind::kRubyParse;
      p->zone_ = format::TimeZone::local();
    } else if (*format == "%iso8601") {
      p->kind_ = Kind::kIso8601;
      p->zone_ = format::TimeZone::local();
    } else {
      p->strptime_ = Strptime::compile(*format);
    }
    return p;
  }

  bool parse(const MpValue& v, EventTime& out, std::string* error) override {
    if (!is_text(v)) return fail(error, "value must be string: " + shown(v));
    std::string_view text = v.bytes();
    if (cached_ && text == cache_key_) {
      out = cache_value_;
      return true;
    }
    TimeFields f;
    std::string why;
    bool ok = false;
    switch (kind_) {
      case Kind::kStrptime:
        ok = strptime_->parse(text, f);
        if (!ok) why = "error_class = ArgumentError, error = string doesn't match";
        break;
      case Kind::kIso8601:
        ok = iso8601_parse(text, f);
        if (!ok) why = "error_class = ArgumentError, error = invalid xmlschema format";
        break;
      case Kind::kRubyParse:
        ok = ruby_time_parse(text, f);
        if (!ok) why = "error_class = ArgumentError, error = no time information";
        break;
    }
    std::string resolve_error;
    if (ok && !resolve_time(f, zone_, out, &resolve_error)) {
      ok = false;
      why = "error_class = ArgumentError, error = " + resolve_error;
    }
    if (!ok)
      return fail(error, "invalid time format: value = " + quote_for_message(text) + ", " + why);
    cached_ = true;
    cache_key_.assign(text);
    cache_value_ = out;
    return true;
  }

 private:
  StringTimeParser() = default;
  Kind kind_ = Kind::kStrptime;
  std::optional<Strptime> strptime_;
  format::TimeZone zone_ = format::TimeZone::local();
  bool cached_ = false;
  std::string cache_key_;
  EventTime cache_value_;
};

class MixedTimeParser : public TimeParser {
 public:
  struct Entry {
    std::unique_ptr<TimeParser> parser;
    bool numeric;
  };
  explicit MixedTimeParser(std::vector<Entry> parsers) : parsers_(std::move(parsers)) {}

  bool parse(const MpValue& v, EventTime& out, std::string* error) override {
    for (Entry& e : parsers_) {
      // Numeric parsers are tried only on what Kernel#Float accepts.
      if (e.numeric && !is_number(v) && !(is_text(v) && ruby_strict_float(v.bytes()))) continue;
      if (e.parser->parse(v, out, nullptr)) return true;
    }
    std::string classes;
    for (const Entry& e : parsers_) {
      classes += classes.empty() ? "" : ",";
      classes += e.numeric ? "Fluent::NumericTimeParser" : "Fluent::TimeParser";
    }
    return fail(error,
                "invalid time format: value = " + shown(v) + ", even though fallbacks: " + classes);
  }

 private:
  std::vector<Entry> parsers_;
};

}  // namespace

bool TimeParser::parse_text(std::string_view text, EventTime& out, std::string* error) {
  MpValue v;
  v.type = MpValue::kStr;
  v.data = text.data();
  v.size = uint32_t(text.size());
  return parse(v, out, error);
}

std::unique_ptr<TimeParser> TimeParser::create(const TimeParseOptions& o, std::string* error) {
  using Type = TimeParseOptions::Type;
  bool localtime = o.localtime && !o.timezone && !o.utc;
  switch (o.type) {
    case Type::kUnixtime:
      return std::make_unique<NumericTimeParser>(true);
    case Type::kFloat:
      return std::make_unique<NumericTimeParser>(false);
    case Type::kString:
      return StringTimeParser::make(o.format, localtime, o.timezone, error);
    case Type::kMixed: {
      std::vector<MixedTimeParser::Entry> parsers;
      std::vector<std::string> formats;
      if (o.format) formats.push_back(*o.format);
      formats.insert(formats.end(), o.fallbacks.begin(), o.fallbacks.end());
      for (const std::string& f : formats) {
        if (f == "unixtime" || f == "float") {
          parsers.push_back({std::make_unique<NumericTimeParser>(f == "unixtime"), true});
        } else {
          auto p = StringTimeParser::make(f, localtime, o.timezone, error);
          if (!p) return nullptr;
          parsers.push_back({std::move(p), false});
        }
      }
      return std::make_unique<MixedTimeParser>(std::move(parsers));
    }
  }
  return nullptr;
}

}  // namespace ferry::parse
