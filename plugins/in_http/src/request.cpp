#include "request.hpp"

#include <charconv>

namespace ferry::in_http {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// Ruby's String#to_i on a header value: leading digits, else 0.
uint64_t leading_uint(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  uint64_t v = 0;
  std::from_chars(s.data() + i, s.data() + s.size(), v);
  return v;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

HeadInfo read_head(int version, const std::vector<Header>& headers) {
  HeadInfo h;
  h.keep_alive = version == 11;
  for (const Header& f : headers) {
    std::string_view name = f.name, v = f.value;
    if (iequals(name, "Expect")) {
      h.has_expect = true;
      h.expect = v;
    } else if (iequals(name, "Content-Length")) {
      h.has_content_length = true;
      h.content_length = leading_uint(v);
    } else if (iequals(name, "Content-Type")) {
      h.content_type = v;
    } else if (iequals(name, "Content-Encoding")) {
      h.content_encoding = v;
    } else if (iequals(name, "Connection")) {
      // Fluentd: /close/i anywhere wins, else /Keep-alive/i.
      if (icontains(v, "close"))
        h.keep_alive = false;
      else if (icontains(v, "keep-alive"))
        h.keep_alive = true;
    } else if (iequals(name, "Origin")) {
      h.has_origin = true;
      h.origin = v;
    } else if (iequals(name, "X-Forwarded-For")) {
      // Several X-Forwarded-For headers: Fluentd uses the first one.
      if (!h.has_forwarded_for) {
        h.has_forwarded_for = true;
        h.forwarded_for = v;
      }
    } else if (iequals(name, "Access-Control-Request-Method")) {
      h.has_ac_request_method = true;
      h.ac_request_method = v;
    } else if (iequals(name, "Access-Control-Request-Headers")) {
      h.has_ac_request_headers = true;
      h.ac_request_headers = v;
    }
  }
  return h;
}

}  // namespace ferry::in_http
