// HTTP responses byte for byte as Fluentd's in_http writes them: status
// line always HTTP/1.1, headers in the order the Ruby Hash got them, then
// Content-Length and Content-Type when not set yet, no Date header.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::in_http {

class Response {
 public:
  Response() = default;
  Response(std::string_view status, std::string_view body = {}) : status_(status), body_(body) {}

  // Hash#[]=: replaces a header's value in place, else appends it.
  Response& set(std::string_view name, std::string_view value);
  Response& set_body(std::string_view body) {
    body_.assign(body.data(), body.size());
    return *this;
  }
  const std::string& status() const { return status_; }
  const std::string& body() const { return body_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  bool has(std::string_view name) const;

  // send_response: adds Content-Length and Content-Type (text/plain) when
  // missing, then appends the bytes to out.
  void append_to(std::string& out) const;

 private:
  std::string status_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
};

// send_response_nobody("100 Continue", {}).
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// The 1x1 GIF of respond_with_empty_img.
std::string_view empty_gif();

}  // namespace ferry::in_http
