#include "format/time_zone.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <vector>

namespace ferry::format {

// ------------------------------------------------------------ civil math

int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

void civil_from_epoch(int64_t epoch, int32_t offset, CivilTime& out) {
  const int64_t local = epoch + offset;
  int64_t days = floor_div(local, 86400);
  int64_t secs = local - days * 86400;
  out.epoch = epoch;
  out.utc_offset = offset;
  out.hour = int(secs / 3600);
  out.minute = int(secs / 60 % 60);
  out.second = int(secs % 60);
  out.wday = int(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  out.day = int(doy - (153 * mp + 2) / 5 + 1);
  out.month = int(mp < 10 ? mp + 3 : mp - 9);
  out.year = yoe + era * 400 + (out.month <= 2);
  out.yday = int(days - days_from_civil(out.year, 1, 1) + 1);
}

// ------------------------------------------------------------ tz rules

// A POSIX TZ rule (the TZif footer) for instants after the last transition.
struct PosixRule {
  int32_t std_offset = 0;  // seconds east
  bool has_dst = false;
  int32_t dst_offset = 0;
  struct When {
    char kind = 'M';  // 'J' (1..365, no Feb 29), 'D' (0..365), 'M' (month.week.day)
    int a = 0, b = 0, c = 0;
    int32_t time = 7200;  // seconds after local midnight
  } start, end;

  int64_t transition(int64_t year, const When& w, int32_t offset_before) const {
    int64_t day;
    if (w.kind == 'J') {
      day = days_from_civil(year, 1, 1) + w.a - 1 + (is_leap(year) && w.a >= 60);
    } else if (w.kind == 'D') {
      day = days_from_civil(year, 1, 1) + w.a;
    } else {
      static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int64_t first = days_from_civil(year, w.a, 1);
      int first_wday = int(((first % 7) + 11) % 7);
      int mday = 1 + (w.c - first_wday + 7) % 7 + 7 * (w.b - 1);
      int dim = kDays[w.a - 1] + (w.a == 2 && is_leap(year));
      while (mday > dim) mday -= 7;
      day = first + mday - 1;
    }
    return day * 86400 + w.time - offset_before;
  }

  int32_t offset_at(int64_t epoch) const {
    if (!has_dst) return std_offset;
    CivilTime c;
    civil_from_epoch(epoch, std_offset, c);
    int64_t on = transition(c.year, start, std_offset);
    int64_t off = transition(c.year, end, dst_offset);
    bool dst = on < off ? (epoch >= on && epoch < off) : !(epoch >= off && epoch < on);
    return dst ? dst_offset : std_offset;
  }
};

struct ZoneRules {
  std::vector<int64_t> transitions;
  std::vector<uint8_t> type_of;  // per transition
  std::vector<int32_t> offsets;  // per local time type
  int32_t initial_offset = 0;
  std::optional<PosixRule> footer;

  int32_t offset_at(int64_t epoch) const {
    if (transitions.empty() || epoch < transitions.front()) {
      if (transitions.empty() && footer) return footer->offset_at(epoch);
      return initial_offset;
    }
    if (footer && epoch >= transitions.back()) return footer->offset_at(epoch);
    auto it = std::upper_bound(transitions.begin(), transitions.end(), epoch);
    return offsets[type_of[size_t(it - transitions.begin()) - 1]];
  }
};

namespace {

// Parses "[+-]hh[:mm[:ss]]" (POSIX: positive means west of UTC).
bool parse_posix_offset(const char*& p, int32_t& seconds) {
  int sign = 1;
  if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
  if (*p < '0' || *p > '9') return false;
  int32_t parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    while (*p >= '0' && *p <= '9') parts[i] = parts[i] * 10 + (*p++ - '0');
    if (i < 2 && *p == ':')
      ++p;
    else
      break;
  }
  seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool skip_posix_name(const char*& p) {
  if (*p == '<') {
    while (*p && *p != '>') ++p;
    if (*p != '>') return false;
    ++p;
    return true;
  }
  const char* s = p;
  while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) ++p;
  return p - s >= 3;
}

bool parse_when(const char*& p, PosixRule::When& w) {
  auto num = [&p](int& v) {
    if (*p < '0' || *p > '9') return false;
    v = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return true;
  };
  if (*p == 'M') {
    ++p;
    w.kind = 'M';
    if (!num(w.a) || *p++ != '.' || !num(w.b) || *p++ != '.' || !num(w.c)) return false;
    if (w.a < 1 || w.a > 12 || w.b < 1 || w.b > 5 || w.c > 6) return false;
  } else if (*p == 'J') {
    ++p;
    w.kind = 'J';
    if (!num(w.a) || w.a < 1 || w.a > 365) return false;
  } else {
    w.kind = 'D';
    if (!num(w.a) || w.a > 365) return false;
  }
  w.time = 7200;
  if (*p == '/') {
    ++p;
    if (!parse_posix_offset(p, w.time)) return false;
  }
  return true;
}

std::optional<PosixRule> parse_posix_rule(const std::string& text) {
  PosixRule r;
  const char* p = text.c_str();
  int32_t west;
  if (!skip_posix_name(p) || !parse_posix_offset(p, west)) return std::nullopt;
  r.std_offset = -west;
  if (*p == '\0') return r;
  if (!skip_posix_name(p)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (*p != ',' && *p != '\0') {
    if (!parse_posix_offset(p, west)) return std::nullopt;
    r.dst_offset = -west;
  }
  if (*p != ',') return std::nullopt;  // no rule: unusable, ignore the footer
  ++p;
  if (!parse_when(p, r.start) || *p++ != ',' || !parse_when(p, r.end) || *p) return std::nullopt;
  return r;
}

uint32_t be32(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// Reads a TZif file (RFC 8536); nullptr when it is not one.
std::shared_ptr<ZoneRules> load_tzif(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto* b = reinterpret_cast<const unsigned char*>(data.data());
  const size_t n = data.size();
  if (n < 44 || std::memcmp(b, "TZif", 4) != 0) return nullptr;
  const char version = char(b[4]);
  size_t pos = 0;
  int time_size = 4;
  auto counts = [&](size_t at, uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(b + at + 20 + 4 * i);
  };
  uint32_t c[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  counts(0, c);
  auto block_size = [&](int ts) {
    return size_t(c[3]) * ts + c[3] + size_t(c[4]) * 6 + c[5] + size_t(c[2]) * (ts + 4) + c[1] +
           c[0];
  };
  if (version >= '2') {
    pos = 44 + block_size(4);
    if (pos + 44 > n || std::memcmp(b + pos, "TZif", 4) != 0) return nullptr;
    counts(pos, c);
    time_size = 8;
  }
  size_t at = pos + 44;
  if (at + block_size(time_size) > n || c[4] == 0) return nullptr;
  auto rules = std::make_shared<ZoneRules>();
  for (uint32_t i = 0; i < c[3]; ++i) {
    const unsigned char* t = b + at + size_t(i) * time_size;
    int64_t v = time_size == 8 ? int64_t(uint64_t(be32(t)) << 32 | be32(t + 4)) : int32_t(be32(t));
    rules->transitions.push_back(v);
  }
  at += size_t(c[3]) * time_size;
  for (uint32_t i = 0; i < c[3]; ++i) {
    if (b[at + i] >= c[4]) return nullptr;
    rules->type_of.push_back(b[at + i]);
  }
  at += c[3];
  for (uint32_t i = 0; i < c[4]; ++i) rules->offsets.push_back(int32_t(be32(b + at + 6 * i)));
  rules->initial_offset = rules->offsets[0];
  at += block_size(time_size) - size_t(c[3]) * (time_size + 1);
  if (time_size == 8 && at < n && b[at] == '\n') {
    size_t nl = data.find('\n', at + 1);
    if (nl != std::string::npos) rules->footer = parse_posix_rule(data.substr(at + 1, nl - at - 1));
  }
  return rules;
}

std::shared_ptr<const ZoneRules> named_rules(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const ZoneRules>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const char* dir = std::getenv("TZDIR");
  std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
  std::shared_ptr<const ZoneRules> rules = load_tzif(path);
  if (rules) cache.emplace(name, rules);
  return rules;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

TimeZone TimeZone::local() {
  TimeZone z;
  z.kind_ = Kind::kLocal;
  return z;
}
TimeZone TimeZone::utc() {
  return TimeZone();
}
TimeZone TimeZone::fixed(int32_t offset_seconds) {
  TimeZone z;
  z.kind_ = Kind::kFixed;
  z.offset_ = offset_seconds;
  return z;
}

std::optional<TimeZone> TimeZone::from_fluentd(std::string_view text, std::string* error) {
  const std::string s(text);
  // [+-]HH, [+-]HHMM, [+-]HH:MM
  if (s.size() >= 3 && (s[0] == '+' || s[0] == '-') && digit(s[1]) && digit(s[2])) {
    std::string rest = s.substr(3);
    if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
    bool ok = s.size() == 3 || (rest.size() == 2 && digit(rest[0]) && digit(rest[1]));
    if (ok) {
      int32_t h = (s[1] - '0') * 10 + (s[2] - '0');
      int32_t m = rest.empty() ? 0 : (rest[0] - '0') * 10 + (rest[1] - '0');
      int32_t off = h * 3600 + m * 60;
      return fixed(s[0] == '-' ? -off : off);
    }
  }
  // Region/Zone or Region/Zone/Zone.
  size_t slashes = size_t(std::count(s.begin(), s.end(), '/'));
  bool name_shape = (slashes == 1 || slashes == 2) && s.front() != '/' && s.back() != '/' &&
                    s.find("//") == std::string::npos && s.find("..") == std::string::npos;
  if (name_shape) {
    if (auto rules = named_rules(s)) {
      TimeZone z;
      z.kind_ = Kind::kNamed;
      z.rules_ = std::move(rules);
      return z;
    }
  }
  if (error) *error = "Unsupported timezone '" + s + "'";
  return std::nullopt;
}

int32_t TimeZone::offset_at(int64_t epoch) const {
  switch (kind_) {
    case Kind::kUtc:
      return 0;
    case Kind::kFixed:
      return offset_;
    case Kind::kNamed:
      return rules_->offset_at(epoch);
    case Kind::kLocal: {
      time_t t = time_t(epoch);
      struct tm tm;
      if (!localtime_r(&t, &tm)) return 0;
      return int32_t(tm.tm_gmtoff);
    }
  }
  return 0;
}

CivilTime TimeZone::civil(int64_t epoch) const {
  CivilTime c;
  if (kind_ == Kind::kLocal) {
    time_t t = time_t(epoch);
    struct tm tm;
    if (localtime_r(&t, &tm)) {
      civil_from_epoch(epoch, int32_t(tm.tm_gmtoff), c);
      if (tm.tm_zone) std::strncpy(c.zone, tm.tm_zone, sizeof c.zone - 1);
      return c;
    }
  }
  civil_from_epoch(epoch, offset_at(epoch), c);
  if (kind_ == Kind::kUtc) {
    c.utc = true;
    std::strcpy(c.zone, "UTC");
  }
  return c;
}

}  // namespace ferry::format
