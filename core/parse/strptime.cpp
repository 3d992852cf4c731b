#include "parse/strptime.hpp"

#include <cctype>
#include <cstring>

#include "parse/ruby_text.hpp"

namespace ferry::parse {
namespace {

using format::CivilTime;
using format::TimeZone;

constexpr const char* kMonths[12] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};
constexpr const char* kDays[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                  "thursday", "friday", "saturday"};

bool digit(char c) {
  return c >= '0' && c <= '9';
}

bool starts_with_ci(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(uint8_t(s[i + k])) != word[k]) return false;
  }
  return true;
}

// A full name or its three-letter abbreviation; returns the index.
int read_name(std::string_view s, size_t& i, const char* const* names, int count) {
  for (int n = 0; n < count; ++n) {
    std::string_view full = names[n];
    if (starts_with_ci(s, i, full)) {
      i += full.size();
      return n;
    }
  }
  for (int n = 0; n < count; ++n) {
    if (starts_with_ci(s, i, std::string_view(names[n]).substr(0, 3))) {
      i += 3;
      return n;
    }
  }
  return -1;
}

bool read_digits(std::string_view s, size_t& i, int max_width, int64_t& out, int* count = nullptr) {
  size_t start = i;
  int64_t v = 0;
  while (i < s.size() && digit(s[i]) && int(i - start) < max_width) {
    if (v < int64_t(1) << 58) v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) return false;
  if (count) *count = int(i - start);
  out = v;
  return true;
}

bool read_int(std::string_view s, size_t& i, int width, int lo, int hi, int& out) {
  int64_t v;
  if (!read_digits(s, i, width, v) || v < lo || v > hi) return false;
  out = int(v);
  return true;
}

struct ZoneName {
  const char* name;
  int32_t hours_x100;  // +0930 style, to keep the table readable
};
constexpr ZoneName kZones[] = {
    {"utc", 0},     {"gmt", 0},     {"ut", 0},      {"z", 0},       {"est", -500}, {"edt", -400},
    {"cst", -600},  {"cdt", -500},  {"mst", -700},  {"mdt", -600},  {"pst", -800}, {"pdt", -700},
    {"akst", -900}, {"akdt", -800}, {"hst", -1000}, {"ast", -400},  {"adt", -300}, {"nst", -330},
    {"ndt", -230},  {"wet", 0},     {"west", 100},  {"bst", 100},   {"cet", 100},  {"cest", 200},
    {"met", 100},   {"mest", 200},  {"eet", 200},   {"eest", 300},  {"msk", 300},  {"ist", 530},
    {"jst", 900},   {"kst", 900},   {"hkt", 800},   {"sgt", 800},   {"awst", 800}, {"acst", 930},
    {"aest", 1000}, {"aedt", 1100}, {"nzst", 1200}, {"nzdt", 1300},
};

// "+hh[:]mm[:ss]", "+hh", "+h": sign required.
bool read_numeric_offset(std::string_view s, size_t& i, int32_t& offset) {
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  size_t j = i + 1;
  int sign = s[i] == '-' ? -1 : 1;
  int64_t h = 0, m = 0, sec = 0;
  int n = 0;
  if (!read_digits(s, j, 2, h, &n)) return false;
  if (j < s.size() && s[j] == ':') {
    size_t k = j + 1;
    if (!read_digits(s, k, 2, m)) return false;
    j = k;
    if (j < s.size() && s[j] == ':') {
      k = j + 1;
      if (read_digits(s, k, 2, sec)) j = k;
    }
  } else if (n == 2) {
    size_t k = j;
    int mn = 0;
    if (read_digits(s, k, 2, m, &mn) && mn == 2)
      j = k;
    else
      m = 0;
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  offset = sign * int32_t(h * 3600 + m * 60 + sec);
  i = j;
  return true;
}

}  // namespace

bool read_zone(std::string_view s, size_t& i, int32_t& offset) {
  if (read_numeric_offset(s, i, offset)) return true;
  size_t j = i;
  while (j < s.size() && std::isalpha(uint8_t(s[j]))) ++j;
  if (j == i) return false;
  std::string word;
  for (size_t k = i; k < j; ++k) word.push_back(char(std::tolower(uint8_t(s[k]))));
  for (const ZoneName& z : kZones) {
    if (word != z.name) continue;
    int32_t base = (z.hours_x100 / 100) * 3600 + (z.hours_x100 % 100) * 60;
    // "UTC+9", "GMT-03:00"
    size_t k = j;
    int32_t extra = 0;
    if ((word == "utc" || word == "gmt") && read_numeric_offset(s, k, extra)) j = k;
    offset = base + extra;
    i = j;
    return true;
  }
  return false;
}

int64_t wall_to_epoch(const TimeZone& zone, int64_t wall) {
  int32_t o1 = zone.offset_at(wall);
  int64_t t = wall - o1;
  int32_t o2 = zone.offset_at(t);
  if (o2 != o1) {
    // Near a transition: prefer the offset that maps back to the same wall
    // clock; in a gap (no such offset) keep the later one, as mktime does.
    int64_t t2 = wall - o2;
    if (zone.offset_at(t2) == o2) t = t2;
  }
  return t;
}

bool resolve_time(const TimeFields& f, const TimeZone& zone, EventTime& out, std::string* error) {
  if (f.has_epoch) {
    out.sec = uint32_t(f.epoch);
    out.nsec = f.nsec;
    return true;
  }
  int64_t year = 1970;
  int mon = f.mon, mday = f.mday, hour = f.hour, min = f.min, sec = f.sec;
  if (hour >= 0 && f.pm >= 0) hour = hour % 12 + (f.pm ? 12 : 0);
  bool given = f.year || f.mon >= 0 || f.mday >= 0 || f.yday >= 0 || f.hour >= 0 || f.min >= 0 ||
               f.sec >= 0 || f.has_frac;
  if (!given) {
    if (error) *error = "no time information";
    return false;
  }
  // Leading gaps come from "now" in the zone the result is read in.
  int64_t now = EventTime::now().sec;
  CivilTime n;
  if (f.has_offset)
    format::civil_from_epoch(now, f.offset, n);
  else
    n = zone.civil(now);
  uint32_t nsec = f.nsec;
  do {
    if (f.year) {
      year = *f.year;
      break;
    }
    year = n.year;
    if (f.yday >= 0 || mon >= 0) break;
    mon = n.month;
    if (mday >= 0) break;
    mday = n.day;
    if (hour >= 0) break;
    hour = n.hour;
    if (min >= 0) break;
    min = n.minute;
    if (sec >= 0) break;
    sec = n.second;
  } while (false);
  int64_t days;
  if (f.yday >= 0 && f.mon < 0 && f.mday < 0) {
    days = format::days_from_civil(year, 1, 1) + f.yday - 1;
  } else {
    days = format::days_from_civil(year, mon < 0 ? 1 : mon, mday < 0 ? 1 : mday);
  }
  int64_t wall = days * 86400 + int64_t(hour < 0 ? 0 : hour) * 3600 + (min < 0 ? 0 : min) * 60 +
                 (sec < 0 ? 0 : sec);
  int64_t epoch = f.has_offset ? wall - f.offset : wall_to_epoch(zone, wall);
  out.sec = uint32_t(epoch);
  out.nsec = nsec;
  return true;
}

Strptime Strptime::compile(std::string_view format) {
  Strptime p;
  // Composite conversions expand to their parts (Date._strptime does the same).
  auto expansion = [](char c) -> const char* {
    switch (c) {
      case 'T':
      case 'X':
        return "%H:%M:%S";
      case 'D':
      case 'x':
        return "%m/%d/%y";
      case 'F':
        return "%Y-%m-%d";
      case 'R':
        return "%H:%M";
      case 'r':
        return "%I:%M:%S %p";
      case 'c':
        return "%a %b %e %H:%M:%S %Y";
      case 'v':
        return "%e-%b-%Y";
      case '+':
        return "%a %b %e %H:%M:%S %Z %Y";
      default:
        return nullptr;
    }
  };
  constexpr std::string_view kConvs = "YCymdejHkIlMSLNpPAaBbhzZsQnt%uwUWVGg";
  std::string pending;
  auto flush = [&] {
    if (!pending.empty()) {
      Item it;
      it.kind = Item::kLiteral;
      it.literal = std::move(pending);
      p.items_.push_back(std::move(it));
      pending.clear();
    }
  };
  std::vector<std::string> stack = {std::string(format)};
  std::vector<size_t> pos = {0};
  while (!stack.empty()) {
    const std::string& f = stack.back();
    size_t& i = pos.back();
    if (i >= f.size()) {
      stack.pop_back();
      pos.pop_back();
      continue;
    }
    char c = f[i];
    if (ruby_space(c)) {
      flush();
      while (i < f.size() && ruby_space(f[i])) ++i;
      if (p.items_.empty() || p.items_.back().kind != Item::kSpace) {
        Item it;
        it.kind = Item::kSpace;
        p.items_.push_back(it);
      }
      continue;
    }
    if (c != '%' || i + 1 >= f.size()) {
      pending.push_back(c);
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < f.size() && std::strchr("-_0^#", f[j])) ++j;
    int width = -1;
    if (j < f.size() && digit(f[j])) {
      width = 0;
      while (j < f.size() && digit(f[j])) width = width * 10 + (f[j++] - '0');
    }
    while (j < f.size() && f[j] == ':') ++j;  // %:z, %::z read any offset form
    if (j >= f.size()) {
      pending.push_back('%');  // a trailing % is literal too
      i = f.size();
      continue;
    }
    char conv = f[j];
    i = j + 1;
    if (const char* sub = expansion(conv)) {
      stack.emplace_back(sub);
      pos.push_back(0);
      continue;
    }
    if (conv == '%') {
      pending.push_back('%');
      continue;
    }
    if (kConvs.find(conv) == std::string_view::npos) {
      // Date._strptime matches an unknown conversion as literal text.
      pending.push_back('%');
      pending.push_back(conv);
      continue;
    }
    flush();
    Item it;
    it.kind = conv == 'n' || conv == 't' ? Item::kSpace : Item::kConv;
    it.conv = conv;
    it.width = width;
    p.items_.push_back(std::move(it));
  }
  flush();
  // %Y reads 4 digits when digits follow directly ("%Y%m%d"), else all.
  constexpr std::string_view kNumeric = "YCymdejHkIlMSLNsQuwUWVGg";
  for (size_t k = 0; k + 1 < p.items_.size(); ++k) {
    const Item& next = p.items_[k + 1];
    p.items_[k].numeric_follows =
        (next.kind == Item::kConv && kNumeric.find(next.conv) != std::string_view::npos) ||
        (next.kind == Item::kLiteral && digit(next.literal[0]));
  }
  return p;
}

bool Strptime::parse(std::string_view text, TimeFields& out) const {
  out = TimeFields{};
  size_t i = 0;
  return run(text, i, out);
}

bool Strptime::run(std::string_view s, size_t& i, TimeFields& f) const {
  for (const Item& it : items_) {
    if (it.kind == Item::kSpace) {
      while (i < s.size() && ruby_space(s[i])) ++i;
      continue;
    }
    if (it.kind == Item::kLiteral) {
      if (s.compare(i, it.literal.size(), it.literal) != 0) return false;
      i += it.literal.size();
      continue;
    }
    auto w = [&](int dflt) { return it.width > 0 ? it.width : dflt; };
    int64_t v = 0;
    switch (it.conv) {
      case 'Y': {
        bool neg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        if (!read_digits(s, i, w(it.numeric_follows ? 4 : 18), v)) return false;
        f.year = neg ? -v : v;
        break;
      }
      case 'C': {
        if (!read_digits(s, i, w(it.numeric_follows ? 2 : 18), v)) return false;
        f.year = v * 100 + (f.year ? *f.year % 100 : 0);
        break;
      }
      case 'y':
        if (!read_digits(s, i, w(2), v) || v > 99) return false;
        f.year = v + (v < 69 ? 2000 : 1900);
        break;
      case 'm':
        if (!read_int(s, i, w(2), 1, 12, f.mon)) return false;
        break;
      case 'd':
      case 'e':
        if (i < s.size() && s[i] == ' ') ++i;
        if (!read_int(s, i, w(2), 1, 31, f.mday)) return false;
        break;
      case 'j':
        if (!read_int(s, i, w(3), 1, 366, f.yday)) return false;
        break;
      case 'H':
      case 'k':
        if (i < s.size() && s[i] == ' ') ++i;
        if (!read_int(s, i, w(2), 0, 24, f.hour)) return false;
        break;
      case 'I':
      case 'l':
        if (i < s.size() && s[i] == ' ') ++i;
        if (!read_int(s, i, w(2), 1, 12, f.hour)) return false;
        break;
      case 'M':
        if (!read_int(s, i, w(2), 0, 59, f.min)) return false;
        break;
      case 'S':
        if (!read_int(s, i, w(2), 0, 60, f.sec)) return false;
        break;
      case 'L':
      case 'N': {
        size_t start = i;
        int limit = it.width > 0         ? it.width
                    : it.numeric_follows ? (it.conv == 'L' ? 3 : 9)
                                         : 1 << 20;
        while (i < s.size() && digit(s[i]) && int(i - start) < limit) ++i;
        if (i == start) return false;
        uint32_t ns = 0;
        for (size_t k = 0; k < 9; ++k) {
          ns = ns * 10 + (start + k < i ? uint32_t(s[start + k] - '0') : 0);
        }
        f.nsec = ns;
        f.has_frac = true;
        break;
      }
      case 'p':
      case 'P': {
        auto word = [&](std::string_view a) { return starts_with_ci(s, i, a); };
        if (word("a.m."))
          f.pm = 0, i += 4;
        else if (word("p.m."))
          f.pm = 1, i += 4;
        else if (word("am"))
          f.pm = 0, i += 2;
        else if (word("pm"))
          f.pm = 1, i += 2;
        else
          return false;
        break;
      }
      case 'A':
      case 'a':
        if (read_name(s, i, kDays, 7) < 0) return false;
        break;
      case 'B':
      case 'b':
      case 'h': {
        int m = read_name(s, i, kMonths, 12);
        if (m < 0) return false;
        f.mon = m + 1;
        break;
      }
      case 'z':
      case 'Z':
        if (!read_zone(s, i, f.offset)) return false;
        f.has_offset = true;
        break;
      case 's':
      case 'Q': {
        bool neg = false;
        if (i < s.size() && s[i] == '-') neg = true, ++i;
        if (!read_digits(s, i, 18, v)) return false;
        if (neg) v = -v;
        f.has_epoch = true;
        if (it.conv == 's') {
          f.epoch = v;
        } else {
          f.epoch = v / 1000 - (v % 1000 < 0);
          f.nsec = uint32_t(((v % 1000) + 1000) % 1000) * 1000000;
        }
        break;
      }
      case 'u':
      case 'w':
      case 'U':
      case 'W':
      case 'V':
      case 'G':
      case 'g':
        // Week-based fields: read, not used to build the date.
        if (!read_digits(s, i, w(it.conv == 'G' ? 4 : 2), v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace ferry::parse
