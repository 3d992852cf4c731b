// One parsed HTTP request, as the connection hands it to the handler.
// Buffers are reused from request to request on a connection.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::in_http {

struct Header {
  std::string name;  // as received (case preserved)
  std::string value;
};

struct Request {
  std::string method;
  std::string target;  // request-target as received
  int version = 11;    // 10 or 11
  std::vector<Header> headers;
  std::string body;
  std::string peer_ip;  // the TCP peer's address

  void clear() {
    method.clear();
    target.clear();
    version = 11;
    headers.clear();
    body.clear();
  }
};

// ASCII case-insensitive equality (header names).
bool iequals(std::string_view a, std::string_view b);

// What the header section says, read the way Fluentd's Handler reads it
// (on_headers_complete): the last header of each name wins.
struct HeadInfo {
  bool keep_alive = true;
  bool has_expect = false;
  std::string_view expect;
  bool has_content_length = false;
  uint64_t content_length = 0;
  std::string_view content_type;
  std::string_view content_encoding;
  bool has_origin = false;
  std::string_view origin;
  bool has_forwarded_for = false;
  std::string_view forwarded_for;  // the first X-Forwarded-For header's value
  bool has_ac_request_method = false;
  std::string_view ac_request_method;
  bool has_ac_request_headers = false;
  std::string_view ac_request_headers;
};

HeadInfo read_head(int version, const std::vector<Header>& headers);

}  // namespace ferry::in_http
