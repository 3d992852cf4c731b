#include "format/strftime.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace ferry::format {
namespace {

constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

void pad_to(std::string& out, std::string_view s, int width, char pad) {
  if (width > 0 && int(s.size()) < width) out.append(size_t(width - int(s.size())), pad);
  out.append(s);
}

// A number with Ruby's default width/padding for the conversion, overridden
// by the flags.
void number(std::string& out, int64_t v, int def_width, char def_pad, char flag, int width) {
  char buf[32];
  bool neg = v < 0;
  auto res = std::to_chars(buf, buf + sizeof buf, neg ? -v : v);
  std::string_view digits(buf, size_t(res.ptr - buf));
  int w = width >= 0 ? width : def_width;
  char pad = flag == '-' ? 0 : flag == '_' ? ' ' : flag == '0' ? '0' : def_pad;
  int len = int(digits.size()) + neg;
  if (pad == '0') {
    if (neg) out.push_back('-');
    if (w > len) out.append(size_t(w - len), '0');
  } else {
    if (pad && w > len) out.append(size_t(w - len), ' ');
    if (neg) out.push_back('-');
  }
  out.append(digits);
}

void text(std::string& out, std::string_view s, bool upper, bool swap, char flag, int width) {
  std::string t(s);
  if (upper) {
    for (char& c : t) c = char(std::toupper(uint8_t(c)));
  } else if (swap) {
    bool all_upper = true;
    for (char c : t) all_upper &= !std::islower(uint8_t(c));
    for (char& c : t) c = char(all_upper ? std::tolower(uint8_t(c)) : std::toupper(uint8_t(c)));
  }
  pad_to(out, t, flag == '-' ? 0 : width, flag == '0' ? '0' : ' ');
}

// ISO 8601 week-based year and week number.
void iso_week(const CivilTime& t, int64_t& year, int& week) {
  int wday_mon = (t.wday + 6) % 7;  // Monday = 0
  int yday0 = t.yday - 1;
  week = (yday0 - wday_mon + 10) / 7;
  year = t.year;
  auto weeks_in = [](int64_t y) {
    int64_t jan1 = days_from_civil(y, 1, 1);
    int wd = int(((jan1 % 7) + 11) % 7);  // 0 = Sunday
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return (wd == 4 || (leap && wd == 3)) ? 53 : 52;
  };
  if (week < 1) {
    --year;
    week = weeks_in(year);
  } else if (week > weeks_in(year)) {
    ++year;
    week = 1;
  }
}

}  // namespace

Strftime::Strftime(std::string_view f) {
  std::string lit;
  size_t i = 0;
  while (i < f.size()) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      lit.push_back(f[i++]);
      continue;
    }
    size_t start = i++;
    Item it;
    while (i < f.size() &&
           (f[i] == '-' || f[i] == '_' || f[i] == '0' || f[i] == '^' || f[i] == '#')) {
      if (f[i] == '^')
        it.upper = true;
      else if (f[i] == '#')
        it.swap = true;
      else
        it.pad = f[i];
      ++i;
    }
    if (i < f.size() && f[i] >= '1' && f[i] <= '9') {
      it.width = 0;
      while (i < f.size() && std::isdigit(uint8_t(f[i]))) it.width = it.width * 10 + (f[i++] - '0');
    }
    while (i < f.size() && f[i] == ':') ++it.colons, ++i;
    if (i >= f.size()) {
      lit.append(f.substr(start));
      break;
    }
    char c = f[i++];
    static constexpr std::string_view kKnown = "YCymBbhdejHkIlMSLNzZAaupPswntcDFTRrxXv+%UWGgV";
    if (kKnown.find(c) == std::string_view::npos || (it.colons && c != 'z')) {
      lit.append(f.substr(start, i - start));  // Ruby prints unknown conversions verbatim
      continue;
    }
    if (c == '%') {
      lit.push_back('%');
      continue;
    }
    if (c == 'n' || c == 't') {
      lit.push_back(c == 'n' ? '\n' : '\t');
      continue;
    }
    // Composite conversions expand to their parts.
    std::string_view expand = c == 'c'                 ? "%a %b %e %H:%M:%S %Y"
                              : (c == 'D' || c == 'x') ? "%m/%d/%y"
                              : c == 'F'               ? "%Y-%m-%d"
                              : (c == 'T' || c == 'X') ? "%H:%M:%S"
                              : c == 'R'               ? "%H:%M"
                              : c == 'r'               ? "%I:%M:%S %p"
                              : c == 'v'               ? "%e-%^b-%4Y"
                              : c == '+'               ? "%a %b %e %H:%M:%S %Z %Y"
                                                       : "";
    if (!lit.empty()) items_.push_back(Item{std::move(lit)}), lit.clear();
    if (!expand.empty()) {
      Strftime sub(expand);
      items_.insert(items_.end(), sub.items_.begin(), sub.items_.end());
      continue;
    }
    it.conv = c;
    has_subsec_ |= c == 'L' || c == 'N';
    items_.push_back(std::move(it));
  }
  if (!lit.empty()) items_.push_back(Item{std::move(lit)});
}

void Strftime::append(std::string& out, const CivilTime& t, uint32_t nsec) const {
  for (const Item& it : items_) {
    if (it.conv == 0)
      out.append(it.literal);
    else
      append_item(out, it, t, nsec);
  }
}

void Strftime::append_item(std::string& out, const Item& it, const CivilTime& t,
                           uint32_t nsec) const {
  const char f = it.pad;
  const int w = it.width;
  switch (it.conv) {
    case 'Y':
      if (t.year < 0) return number(out, t.year, 5, '0', f, w);
      return number(out, t.year, 4, '0', f, w);
    case 'C':
      return number(out, t.year / 100, 2, '0', f, w);
    case 'y':
      return number(out, ((t.year % 100) + 100) % 100, 2, '0', f, w);
    case 'm':
      return number(out, t.month, 2, '0', f, w);
    case 'd':
      return number(out, t.day, 2, '0', f, w);
    case 'e':
      return number(out, t.day, 2, ' ', f, w);
    case 'j':
      return number(out, t.yday, 3, '0', f, w);
    case 'H':
      return number(out, t.hour, 2, '0', f, w);
    case 'k':
      return number(out, t.hour, 2, ' ', f, w);
    case 'I':
      return number(out, (t.hour + 11) % 12 + 1, 2, '0', f, w);
    case 'l':
      return number(out, (t.hour + 11) % 12 + 1, 2, ' ', f, w);
    case 'M':
      return number(out, t.minute, 2, '0', f, w);
    case 'S':
      return number(out, t.second, 2, '0', f, w);
    case 'u':
      return number(out, t.wday == 0 ? 7 : t.wday, 1, '0', f, w);
    case 'w':
      return number(out, t.wday, 1, '0', f, w);
    case 's':
      return number(out, t.epoch, 1, '0', f, w);
    case 'U':
      return number(out, (t.yday - 1 + 7 - t.wday) / 7, 2, '0', f, w);
    case 'W':
      return number(out, (t.yday - 1 + 7 - (t.wday + 6) % 7) / 7, 2, '0', f, w);
    case 'G':
    case 'g':
    case 'V': {
      int64_t y;
      int wk;
      iso_week(t, y, wk);
      if (it.conv == 'V') return number(out, wk, 2, '0', f, w);
      if (it.conv == 'g') return number(out, ((y % 100) + 100) % 100, 2, '0', f, w);
      return number(out, y, 4, '0', f, w);
    }
    case 'L':
    case 'N': {
      // Digits of the fraction, truncated, zero-padded past nanoseconds.
      int digits = w > 0 ? w : it.conv == 'L' ? 3 : 9;
      char buf[10];
      for (int i = 8; i >= 0; --i, nsec /= 10) buf[i] = char('0' + nsec % 10);
      out.append(buf, size_t(digits < 9 ? digits : 9));
      if (digits > 9) out.append(size_t(digits - 9), '0');
      return;
    }
    case 'z': {
      int32_t off = t.utc_offset;
      char sign = off < 0 ? '-' : '+';
      if (off < 0) off = -off;
      int hh = off / 3600, mm = off / 60 % 60, ss = off % 60;
      std::string s(1, sign);
      auto two = [&s](int v) { s.push_back(char('0' + v / 10)), s.push_back(char('0' + v % 10)); };
      two(hh);
      if (it.colons) s.push_back(':');
      two(mm);
      if (it.colons >= 2) s.push_back(':'), two(ss);
      // A width pads between the sign and the digits, as Ruby does.
      if (w > int(s.size()) && f != '-') {
        char p = f == '_' ? ' ' : '0';
        if (p == '0')
          s.insert(1, size_t(w - int(s.size())), '0');
        else
          s.insert(0, size_t(w - int(s.size())), ' ');
      }
      out.append(s);
      return;
    }
    case 'Z':
      return text(out, t.zone, it.upper, it.swap, f, w);
    case 'A':
      return text(out, kDayNames[t.wday], it.upper, it.swap, f, w);
    case 'a':
      return text(out, std::string_view(kDayNames[t.wday], 3), it.upper, it.swap, f, w);
    case 'B':
      return text(out, kMonthNames[t.month - 1], it.upper, it.swap, f, w);
    case 'b':
    case 'h':
      return text(out, std::string_view(kMonthNames[t.month - 1], 3), it.upper, it.swap, f, w);
    case 'p': {
      // %p is "AM"/"PM"; the # flag lowercases it.
      std::string_view s = t.hour < 12 ? "AM" : "PM";
      if (it.swap) return text(out, t.hour < 12 ? "am" : "pm", false, false, f, w);
      return text(out, s, it.upper, false, f, w);
    }
    case 'P':
      return text(out, t.hour < 12 ? "am" : "pm", it.upper, it.swap, f, w);
  }
}

}  // namespace ferry::format
