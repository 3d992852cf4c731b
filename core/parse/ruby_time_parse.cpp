#include "parse/ruby_time_parse.hpp"

#include <cctype>

#include "parse/ruby_text.hpp"

namespace ferry::parse {
namespace {

constexpr const char* kMonths[12] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool alpha(char c) {
  return std::isalpha(uint8_t(c)) != 0;
}

// Reads 1..max digits at i; count returned in n (0: none).
int64_t digits(std::string_view s, size_t& i, int max, int& n) {
  int64_t v = 0;
  n = 0;
  while (i < s.size() && digit(s[i]) && n < max) v = v * 10 + (s[i++] - '0'), ++n;
  return v;
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && ruby_space(s[i])) ++i;
  return i;
}

// A month word at i (whole word; full name or a prefix of at least three
// letters, "Sept" included): 1..12, and the end of the word.
int month_word(std::string_view s, size_t i, size_t& end) {
  if (i > 0 && alpha(s[i - 1])) return 0;
  size_t j = i;
  while (j < s.size() && alpha(s[j])) ++j;
  if (j - i < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    std::string_view name = kMonths[m];
    if (j - i > name.size()) continue;
    bool ok = true;
    for (size_t k = i; k < j && ok; ++k) ok = std::tolower(uint8_t(s[k])) == name[k - i];
    if (ok) {
      end = j;
      return m + 1;
    }
  }
  return 0;
}

// "2024-01-02" / "2024/01/02" starting at i.
bool iso_date(std::string_view s, size_t i, TimeFields& f, size_t& end) {
  if (i > 0 && digit(s[i - 1])) return false;
  size_t j = i;
  int n;
  int64_t y = digits(s, j, 4, n);
  if (n != 4 || j >= s.size() || (s[j] != '-' && s[j] != '/')) return false;
  char sep = s[j++];
  int64_t m = digits(s, j, 2, n);
  if (!n || j >= s.size() || s[j] != sep) return false;
  ++j;
  int64_t d = digits(s, j, 2, n);
  if (!n || m < 1 || m > 12 || d < 1 || d > 31) return false;
  f.year = y, f.mon = int(m), f.mday = int(d);
  end = j;
  return true;
}

// A date around a month name: "02/Jan/2024", "2 Jan 2024", "Jan 2, 2024".
bool named_date(std::string_view s, size_t i, TimeFields& f, size_t& end) {
  size_t word_end;
  int mon = month_word(s, i, word_end);
  if (!mon) return false;
  f.mon = mon;
  end = word_end;
  // Day before the month: "02/Jan", "2 Jan", "2-Jan".
  if (i >= 2 && (s[i - 1] == '/' || s[i - 1] == ' ' || s[i - 1] == '-') && digit(s[i - 2])) {
    size_t k = i - 2;
    while (k > 0 && digit(s[k - 1]) && i - 1 - k < 2) --k;
    if (k == 0 || !digit(s[k - 1])) {
      int day = 0;
      for (size_t t = k; t < i - 1; ++t) day = day * 10 + (s[t] - '0');
      if (day >= 1 && day <= 31) {
        f.mday = day;
        size_t j = word_end;
        if (j < s.size() && (s[j] == '/' || s[j] == ' ' || s[j] == '-' || s[j] == ',')) {
          size_t y = j + 1;
          int n;
          int64_t year = digits(s, y, 9, n);
          if (n >= 1 && !(y < s.size() && s[y] == ':' && n <= 2)) {
            f.year = n <= 2 ? year + (year < 50 ? 2000 : 1900) : year;
            end = y;
          }
        }
        return true;
      }
    }
  }
  // Day after the month: "Jan 2", "Jan  2nd, 2024".
  size_t j = word_end;
  if (j < s.size() && s[j] == '.') ++j;
  j = skip_spaces(s, j);
  int n;
  int64_t day = digits(s, j, 2, n);
  if (n && !(j < s.size() && (s[j] == ':' || digit(s[j]))) && day >= 1 && day <= 31) {
    f.mday = int(day);
    end = j;
    for (const char* suffix : {"st", "nd", "rd", "th"}) {
      if (s.compare(j, 2, suffix) == 0) end = j += 2;
    }
    if (j < s.size() && s[j] == ',') ++j;
    size_t y = skip_spaces(s, j);
    int64_t year = digits(s, y, 9, n);
    if (n == 4 && !(y < s.size() && s[y] == ':')) {
      f.year = year;
      end = y;
    }
  }
  return true;
}

// "03:04[:05[.frac]] [am|pm]" at i.
bool clock(std::string_view s, size_t i, TimeFields& f, size_t& end) {
  if (i > 0 && digit(s[i - 1])) return false;
  size_t j = i;
  int n;
  int64_t h = digits(s, j, 2, n);
  if (!n || j >= s.size() || s[j] != ':') return false;
  ++j;
  int64_t m = digits(s, j, 2, n);
  if (n != 2 || h > 24 || m > 59) return false;
  f.hour = int(h), f.min = int(m);
  if (j + 1 < s.size() && s[j] == ':' && digit(s[j + 1])) {
    ++j;
    int64_t sec = digits(s, j, 2, n);
    if (sec > 60) return false;
    f.sec = int(sec);
    if (j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && digit(s[j + 1])) {
      size_t start = ++j;
      while (j < s.size() && digit(s[j])) ++j;
      uint32_t ns = 0;
      for (size_t k = 0; k < 9; ++k)
        ns = ns * 10 + (start + k < j ? uint32_t(s[start + k] - '0') : 0);
      f.nsec = ns;
      f.has_frac = true;
    }
  }
  size_t k = skip_spaces(s, j);
  if (k + 1 < s.size() && (s[k] == 'a' || s[k] == 'A' || s[k] == 'p' || s[k] == 'P')) {
    size_t t = k + 1;
    if (t < s.size() && s[t] == '.') ++t;
    if (t < s.size() && (s[t] == 'm' || s[t] == 'M') && (t + 1 == s.size() || !alpha(s[t + 1]))) {
      f.pm = (s[k] == 'p' || s[k] == 'P') ? 1 : 0;
      j = t + 1;
      if (j < s.size() && s[j] == '.') ++j;
    }
  }
  end = j;
  return true;
}

}  // namespace

bool ruby_time_parse(std::string_view s, TimeFields& f) {
  f = TimeFields{};
  size_t date_end = 0;
  bool have_date = false;
  for (size_t i = 0; i < s.size() && !have_date; ++i) {
    if (digit(s[i])) have_date = iso_date(s, i, f, date_end);
  }
  for (size_t i = 0; i < s.size() && !have_date; ++i) {
    if (alpha(s[i])) {
      TimeFields g = f;
      if (named_date(s, i, g, date_end)) {
        f = g;
        have_date = true;
      }
    }
  }
  size_t pos = have_date ? date_end : 0;
  bool have_time = false;
  for (size_t i = pos; i < s.size() && !have_time; ++i) {
    if (digit(s[i])) {
      TimeFields g = f;
      size_t end;
      if (clock(s, i, g, end)) {
        f = g;
        have_time = true;
        pos = end;
      }
    }
  }
  if (!have_date && !have_time) return false;
  if (have_time) {
    size_t k = skip_spaces(s, pos);
    int32_t offset;
    if (read_zone(s, k, offset)) {
      f.has_offset = true;
      f.offset = offset;
      pos = k;
    }
    if (!f.year) {
      // ctime: the year follows the time (and zone).
      size_t y = skip_spaces(s, pos);
      int n;
      int64_t year = digits(s, y, 9, n);
      if (n == 4 && (y == s.size() || !digit(s[y]))) {
        f.year = year;
        pos = y;
        size_t z = skip_spaces(s, pos);
        if (!f.has_offset && read_zone(s, z, offset)) f.has_offset = true, f.offset = offset;
      }
    }
  }
  return true;
}

bool iso8601_parse(std::string_view s, TimeFields& f) {
  f = TimeFields{};
  size_t i = skip_spaces(s, 0);
  size_t end = s.size();
  while (end > i && ruby_space(s[end - 1])) --end;
  s = s.substr(0, end);
  bool neg = i < s.size() && s[i] == '-';
  if (neg) ++i;
  int n;
  int64_t y = digits(s, i, 18, n);
  if (!n || i >= s.size() || s[i++] != '-') return false;
  int64_t m = digits(s, i, 2, n);
  if (n != 2 || i >= s.size() || s[i++] != '-') return false;
  int64_t d = digits(s, i, 2, n);
  if (n != 2 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  f.year = neg ? -y : y, f.mon = int(m), f.mday = int(d);
  if (i == s.size()) return true;
  if (s[i] != 'T' && s[i] != 't') return false;
  ++i;
  int64_t h = digits(s, i, 2, n);
  if (n != 2 || i >= s.size() || s[i++] != ':') return false;
  int64_t mi = digits(s, i, 2, n);
  if (n != 2 || i >= s.size() || s[i++] != ':') return false;
  int64_t sec = digits(s, i, 2, n);
  if (n != 2 || h > 24 || mi > 59 || sec > 60) return false;
  f.hour = int(h), f.min = int(mi), f.sec = int(sec);
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == start) return false;
    uint32_t ns = 0;
    for (size_t k = 0; k < 9; ++k)
      ns = ns * 10 + (start + k < i ? uint32_t(s[start + k] - '0') : 0);
    f.nsec = ns;
    f.has_frac = true;
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z' || s[i] == 'z') {
    f.has_offset = true;
    f.offset = 0;
    return i + 1 == s.size();
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int sign = s[i++] == '-' ? -1 : 1;
  int64_t oh = digits(s, i, 2, n);
  if (n != 2) return false;
  int64_t om = 0;
  if (i < s.size()) {
    if (s[i] == ':') ++i;
    om = digits(s, i, 2, n);
    if (n != 2) return false;
  }
  if (i != s.size()) return false;
  f.has_offset = true;
  f.offset = sign * int32_t(oh * 3600 + om * 60);
  return true;
}

}  // namespace ferry::parse
