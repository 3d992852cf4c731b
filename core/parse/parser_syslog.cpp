// Fluentd's syslog parser (parser_syslog.rb): RFC 3164 or RFC 5424 (or auto
// detection), optional <PRI>, with both of Fluentd's engines: `regexp` (the
// default) and `string`. Fields: pri, host, ident, pid, message (+ msgid,
// extradata for 5424); time from the header, as the time_format says.
// Neither engine applies types or null patterns, as in Fluentd.
#include "parse/parser_types.hpp"
#include "parse/record_builder.hpp"
#include "parse/ruby_text.hpp"
#include "parse/text_cut.hpp"

namespace ferry::parse {
namespace {

constexpr const char* k3164 =
    R"re((?<host>[^ ]*) (?<ident>[^ :\[]*)(?:\[(?<pid>[0-9]+)\])?(?:[^\:]*\:)? *(?<message>.*)$)re";
constexpr const char* k5424 =
    R"re((?<host>[!-~]{1,255}) (?<ident>[!-~]{1,48}) (?<pid>[!-~]{1,128}) (?<msgid>[!-~]{1,32}) (?<extradata>(?:\-|(?:\[.*?(?<!\\)\])))(?: (?<message>.+))?\z)re";
constexpr const char* k5424Pri = R"re(^<(?<pri>\d{1,3})>\d\d{0,2}\s)re";
constexpr const char* kDetect5424 = R"re(^\<[0-9]{1,3}\>[1-9]\d{0,2})re";
constexpr const char* k5424NoSubsec = "%Y-%m-%dT%H:%M:%S%z";

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// Ruby's text.slice(a, n) on byte offsets, clamped.
std::string_view slice(std::string_view s, size_t a, size_t n) {
  return a > s.size() ? std::string_view() : s.substr(a, n);
}

// "a  b".squeeze(' ')
std::string squeeze_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

size_t space_count(std::string_view format) {
  std::string f = squeeze_spaces(format);
  size_t n = 0;
  for (char c : f) n += c == ' ';
  return n + 1;
}

struct Header {
  std::string time_text;  // owned: squeezing may rewrite it
  size_t rest = 0;        // where the part after the time starts
};

// Fluentd's space counting: the time is the next `count` space-separated
// words starting at idx (runs of spaces squeezed).
bool time_by_spaces(std::string_view text, size_t idx, size_t count, Header& h) {
  ptrdiff_t i = ptrdiff_t(idx) - 1;
  bool squeezed = false;
  for (size_t k = 0; k < count; ++k) {
    while (size_t(i + 1) < text.size() && text[size_t(i + 1)] == ' ') squeezed = true, ++i;
    size_t next = text.find(' ', size_t(i + 1));
    if (next == std::string_view::npos) return false;
    i = ptrdiff_t(next);
  }
  std::string_view t = slice(text, idx, size_t(i) - idx);
  h.time_text = squeezed ? squeeze_spaces(t) : std::string(t);
  h.rest = size_t(i) + 1;
  return true;
}

class SyslogParser : public Parser {
 public:
  enum class Format { k3164, k5424, kAuto };

  SyslogParser(CommonSetup setup, Format format, bool regexp_engine, bool with_priority,
               bool colonless, std::string format3164, std::string format5424,
               std::unique_ptr<TimeParser> time3164, std::unique_ptr<TimeParser> time5424,
               std::unique_ptr<TimeParser> time5424_no_subsec, RubyRegex re3164, RubyRegex re5424,
               RubyRegex pri5424, RubyRegex detect)
      : builder_(std::move(setup)),
        format_(format),
        regexp_engine_(regexp_engine),
        with_priority_(with_priority),
        colonless_(colonless),
        count3164_(space_count(format3164)),
        count5424_(space_count(format5424)),
        skip3164_(format3164 == "%b %d %H:%M:%S" || format3164 == "%b %d %H:%M:%S.%N"),
        skip5424_(format5424.find(' ') == std::string::npos),
        time3164_(std::move(time3164)),
        time5424_(std::move(time5424)),
        time5424_no_subsec_(std::move(time5424_no_subsec)),
        re3164_(std::move(re3164)),
        re5424_(std::move(re5424)),
        pri5424_(std::move(pri5424)),
        detect_(std::move(detect)) {}

  void parse(std::string_view text, ParseSink& sink) override {
    bool rfc5424 =
        format_ == Format::k5424 || (format_ == Format::kAuto && detect_.search(text) == 1);
    bool ok = rfc5424 ? (regexp_engine_ ? regexp5424(text, sink) : string5424(text, sink))
                      : (regexp_engine_ ? regexp3164(text, sink) : string3164(text, sink));
    if (!ok) sink.on_error("invalid syslog message: " + quote_for_message(text));
  }

 private:
  // Each returns false for Fluentd's "yield nil, nil" (the caller reports
  // it); time failures are reported here and return true.
  bool time_of(TimeParser& p, TimeParser* fallback, const std::string& text, EventTime& t,
               ParseSink& sink) {
    if (p.parse_text(text, t, &error_)) return true;
    if (fallback && fallback->parse_text(text, t, nullptr)) return true;
    sink.on_error(error_);
    return false;
  }

  bool regexp3164(std::string_view text, ParseSink& sink) {
    builder_.begin();
    size_t idx = 0;
    if (with_priority_) {
      size_t gt = text.find('>');
      bool pri =
          text.size() > 2 && text[0] == '<' && gt != std::string_view::npos && gt >= 2 && gt <= 4;
      for (size_t k = 1; pri && k < gt; ++k) pri = digit(text[k]);
      if (!pri) return false;
      builder_.add("pri", FieldValue::integer(ruby_to_i(text.substr(1, gt))));
      idx = gt + 1;
    }
    Header h;
    if (!time_by_spaces(text, idx, count3164_, h)) return false;
    return plain(re3164_, *time3164_, nullptr, text, h, sink);
  }

  bool regexp5424(std::string_view text, ParseSink& sink) {
    builder_.begin();
    size_t idx = 0;
    if (with_priority_) {
      if (pri5424_.search(text) != 1 || pri5424_.match_begin() != 0) return false;
      std::string_view pri;
      pri5424_.named(0, pri);
      builder_.add("pri", FieldValue::integer(ruby_to_i(pri)));
      idx = pri5424_.match_end();
    }
    Header h;
    if (!time_by_spaces(text, idx, count5424_, h)) return false;
    return plain(re5424_, *time5424_, time5424_no_subsec_.get(), text, h, sink);
  }

  bool plain(RubyRegex& re, TimeParser& tp, TimeParser* fallback, std::string_view text,
             const Header& h, ParseSink& sink) {
    EventTime time;
    if (!time_of(tp, fallback, h.time_text, time, sink)) return true;
    if (builder_.setup().keep_time_key) builder_.add("time", FieldValue::text(h.time_text));
    if (re.search(text, h.rest) != 1) return false;
    const auto& names = re.names();
    for (size_t i = 0; i < names.size(); ++i) {
      std::string_view v;
      if (!re.named(i, v)) continue;
      if (names[i] == "message") v = ruby_chomp(v);
      builder_.add(names[i], FieldValue::text(v));
    }
    builder_.finish_with_time(time, true, false, sink);
    return true;
  }

  // "<PRI>" for the string engine: the digits up to '>' (to_i).
  bool string_pri(std::string_view text, size_t& cursor, int64_t& pri) {
    if (text.empty() || text[0] != '<') return false;
    size_t gt = text.find('>', 1);
    if (gt == std::string_view::npos || gt < 2) return false;
    pri = ruby_to_i(text.substr(1, gt - 1));
    cursor = gt + 1;
    return true;
  }

  bool string3164(std::string_view text, ParseSink& sink) {
    builder_.begin();
    size_t cursor = 0;
    int64_t pri = 0;
    if (with_priority_ && !string_pri(text, cursor, pri)) return false;
    std::string time_text;
    if (skip3164_) {
      char time_end = cursor + 15 < text.size() ? text[cursor + 15] : '\0';
      if (time_end == ' ') {
        time_text = std::string(slice(text, cursor, 15));
        cursor += 16;
      } else if (time_end == '.') {
        size_t i = text.find(' ', 15);
        if (i == std::string_view::npos) return false;
        time_text = std::string(slice(text, cursor, i - cursor));
        cursor = i + 1;
      } else {
        return false;
      }
    } else {
      Header h;
      if (!time_by_spaces(text, cursor, count3164_, h)) return false;
      time_text = std::move(h.time_text);
      cursor = h.rest;
    }
    size_t i = text.find(' ', cursor);
    if (i == std::string_view::npos) return false;
    builder_.add("host", FieldValue::text(text.substr(cursor, i - cursor)));
    cursor = i + 1;
    if (with_priority_) builder_.add("pri", FieldValue::integer(pri));
    i = text.find(' ', cursor);
    std::string_view msg;
    if (i == std::string_view::npos) {
      msg = slice(text, cursor, std::string_view::npos);
    } else if (text[i - 1] == ':' || colonless_) {
      // "ident[pid]:", "ident:", and without the colon "ident[pid]", "ident".
      size_t end = text[i - 1] == ':' ? i - 1 : i;
      if (end > cursor && text[end - 1] == ']') {
        size_t lb = text.find('[', cursor);
        if (lb == std::string_view::npos || lb >= end) return false;
        builder_.add("ident", FieldValue::text(text.substr(cursor, lb - cursor)));
        builder_.add("pid", FieldValue::text(text.substr(lb + 1, end - 1 - lb - 1)));
      } else {
        builder_.add("ident", FieldValue::text(text.substr(cursor, end - cursor)));
      }
      msg = slice(text, i + 1, std::string_view::npos);
    } else {
      msg = slice(text, cursor, std::string_view::npos);
    }
    builder_.add("message", FieldValue::text(ruby_chomp(msg)));
    EventTime time;
    if (!time_of(*time3164_, nullptr, time_text, time, sink)) return true;
    if (builder_.setup().keep_time_key) builder_.add("time", FieldValue::text(time_text));
    builder_.finish_with_time(time, true, false, sink);
    return true;
  }

  bool string5424(std::string_view text, ParseSink& sink) {
    builder_.begin();
    size_t cursor = 0;
    int64_t pri = 0;
    if (with_priority_) {
      if (!string_pri(text, cursor, pri)) return false;
      size_t sp = text.find(' ', cursor - 1);
      if (sp == std::string_view::npos) return false;
      cursor = sp + 1;
    }
    std::string time_text;
    if (skip5424_) {
      size_t i = text.find(' ', cursor);
      if (i == std::string_view::npos) return false;
      time_text = std::string(text.substr(cursor, i - cursor));
      cursor = i + 1;
    } else {
      Header h;
      if (!time_by_spaces(text, cursor, count5424_, h)) return false;
      time_text = std::move(h.time_text);
      cursor = h.rest;
    }
    for (const char* name : {"host", "ident", "pid", "msgid"}) {
      size_t i = text.find(' ', cursor);
      if (i == std::string_view::npos) return false;
      builder_.add(name, FieldValue::text(text.substr(cursor, i - cursor)));
      cursor = i + 1;
    }
    if (with_priority_) builder_.add("pri", FieldValue::integer(pri));
    if (cursor < text.size() && text[cursor] == '-') {
      builder_.add("extradata", FieldValue::text("-"));
      cursor += 1;
    } else {
      size_t start = cursor;
      size_t i = text.find("] ", cursor);
      std::string_view data;
      if (i != std::string_view::npos) {
        data = text.substr(start, i + 1 - start);
        cursor = i + 1;
      } else {
        data = slice(text, start, std::string_view::npos);
        cursor = text.size();
      }
      // extradata.tr!("\\", "")
      extradata_.clear();
      for (char c : data) {
        if (c != '\\') extradata_.push_back(c);
      }
      builder_.add("extradata", FieldValue::text(extradata_));
    }
    if (cursor < text.size()) {
      builder_.add("message",
                   FieldValue::text(ruby_chomp(slice(text, cursor + 1, std::string_view::npos))));
    }
    EventTime time;
    if (!time_of(*time5424_, time5424_no_subsec_.get(), time_text, time, sink)) return true;
    if (builder_.setup().keep_time_key) builder_.add("time", FieldValue::text(time_text));
    builder_.finish_with_time(time, true, false, sink);
    return true;
  }

  RecordBuilder builder_;
  Format format_;
  bool regexp_engine_, with_priority_, colonless_;
  size_t count3164_, count5424_;
  bool skip3164_, skip5424_;
  std::unique_ptr<TimeParser> time3164_, time5424_, time5424_no_subsec_;
  RubyRegex re3164_, re5424_, pri5424_, detect_;
  std::string error_;
  std::string extradata_;
};

}  // namespace

std::unique_ptr<Parser> make_syslog_parser(const ParseOptions& o, std::string* error) {
  SyslogParser::Format format;
  if (o.message_format == "rfc3164")
    format = SyslogParser::Format::k3164;
  else if (o.message_format == "rfc5424")
    format = SyslogParser::Format::k5424;
  else if (o.message_format == "auto")
    format = SyslogParser::Format::kAuto;
  else {
    if (error) *error = "valid options are rfc3164,rfc5424,auto but got " + o.message_format;
    return nullptr;
  }
  std::string engine = o.parser_engine.value_or("regexp");
  if (engine != "regexp" && engine != "string") {
    if (error) *error = "valid options are regexp,string but got " + engine;
    return nullptr;
  }
  auto setup = CommonSetup::create(o, std::nullopt, "string", error);
  if (!setup) return nullptr;
  std::string format3164 = o.time_format.value_or("%b %d %H:%M:%S");
  // rfc5424 alone uses time_format only when it was written.
  std::string format5424 = format == SyslogParser::Format::k5424 && o.time_format
                               ? *o.time_format
                               : o.rfc5424_time_format;
  auto time_parser = [&](const std::string& f) -> std::unique_ptr<TimeParser> {
    ParseOptions t = o;
    t.time_format = f;
    auto options = time_parse_options(t, "string", error);
    return options ? TimeParser::create(*options, error) : nullptr;
  };
  auto t3164 = time_parser(format3164);
  auto t5424 = time_parser(format5424);
  auto t5424b = time_parser(k5424NoSubsec);
  if (!t3164 || !t5424 || !t5424b) return nullptr;
  auto re3164 = RubyRegex::compile(k3164, "", error);
  auto re5424 = RubyRegex::compile(k5424, "m", error);
  auto pri5424 = RubyRegex::compile(k5424Pri, "", error);
  auto detect = RubyRegex::compile(kDetect5424, "", error);
  if (!re3164 || !re5424 || !pri5424 || !detect) return nullptr;
  return std::make_unique<SyslogParser>(
      std::move(*setup), format, engine == "regexp", o.with_priority, o.support_colonless_ident,
      format3164, format5424, std::move(t3164), std::move(t5424), std::move(t5424b),
      std::move(*re3164), std::move(*re5424), std::move(*pri5424), std::move(*detect));
}

}  // namespace ferry::parse
