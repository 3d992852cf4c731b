#include "format/time_formatter.hpp"

#include <charconv>

namespace ferry::format {

std::unique_ptr<TimeFormatter> TimeFormatter::create(const TimeFormatOptions& o,
                                                     std::string* error) {
  std::optional<TimeZone> zone;
  if (o.timezone) {
    zone = TimeZone::from_fluentd(*o.timezone, error);
    if (!zone) return nullptr;
  }
  std::unique_ptr<TimeFormatter> f(new TimeFormatter());
  f->type_ = o.type;
  if (o.format) f->strftime_.emplace(*o.format);
  // Fluentd: a valid timezone wins; else local time when localtime and not
  // utc; else UTC.
  if (zone)
    f->zone_ = *zone;
  else if (o.localtime && !o.utc)
    f->zone_ = TimeZone::local();
  else
    f->zone_ = TimeZone::utc();
  return f;
}

TimeFormatter::TimeFormatter(std::string_view format, TimeZone zone)
    : strftime_(std::in_place, format), zone_(std::move(zone)) {}

const CivilTime& TimeFormatter::civil(uint32_t sec) {
  if (!cached_ || cached_sec_ != sec) {
    cached_civil_ = zone_.civil(sec);
    cached_sec_ = sec;
    cached_ = true;
  }
  return cached_civil_;
}

void TimeFormatter::append(std::string& out, EventTime t) {
  char buf[16];
  switch (type_) {
    case TimeFormatOptions::Type::kUnixtime: {
      auto r = std::to_chars(buf, buf + sizeof buf, t.sec);
      out.append(buf, size_t(r.ptr - buf));
      return;
    }
    case TimeFormatOptions::Type::kFloat:
    case TimeFormatOptions::Type::kMixed: {
      // NumericTimeFormatter#format_float, including its odd padding: a
      // nanosecond value shorter than 9 digits is REPLACED by 9 - len zeros
      // (nsec 123 -> "sec.000000"), exactly as Fluentd prints it.
      auto r = std::to_chars(buf, buf + sizeof buf, t.sec);
      out.append(buf, size_t(r.ptr - buf));
      out.push_back('.');
      r = std::to_chars(buf, buf + sizeof buf, t.nsec);
      size_t len = size_t(r.ptr - buf);
      if (len < 9)
        out.append(9 - len, '0');
      else
        out.append(buf, len);
      return;
    }
    case TimeFormatOptions::Type::kString:
      break;
  }
  const CivilTime& c = civil(t.sec);
  if (strftime_)
    strftime_->append(out, c, t.nsec);
  else
    append_iso8601(out, c);
}

void append_iso8601(std::string& out, const CivilTime& t) {
  static const Strftime kLocal("%Y-%m-%dT%H:%M:%S%:z");
  static const Strftime kUtc("%Y-%m-%dT%H:%M:%SZ");
  (t.utc ? kUtc : kLocal).append(out, t, 0);
}

}  // namespace ferry::format
