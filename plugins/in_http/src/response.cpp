#include "response.hpp"

namespace ferry::in_http {

Response& Response::set(std::string_view name, std::string_view value) {
  for (auto& [k, v] : headers_)
    if (k == name) {
      v.assign(value.data(), value.size());
      return *this;
    }
  headers_.emplace_back(std::string(name), std::string(value));
  return *this;
}

bool Response::has(std::string_view name) const {
  for (const auto& [k, v] : headers_)
    if (k == name) return true;
  return false;
}

void Response::append_to(std::string& out) const {
  out.append("HTTP/1.1 ").append(status_).append("\r\n");
  for (const auto& [k, v] : headers_) out.append(k).append(": ").append(v).append("\r\n");
  if (!has("Content-Length"))
    out.append("Content-Length: ").append(std::to_string(body_.size())).append("\r\n");
  if (!has("Content-Type")) out.append("Content-Type: text/plain\r\n");
  out.append("\r\n").append(body_);
}

std::string_view empty_gif() {
  static constexpr char kGif[] =
      "GIF89a\x01\x00\x01\x00\x80\xff\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01"
      "\x00\x00\x02\x02"
      "D\x01\x00;";
  return std::string_view(kGif, sizeof kGif - 1);
}

}  // namespace ferry::in_http
