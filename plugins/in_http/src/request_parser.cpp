#include "request_parser.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

namespace ferry::in_http {

RequestParser::RequestParser(Request& req, uint64_t body_limit, uint32_t header_limit) : req_(req) {
  this->body_limit(body_limit);
  this->header_limit(header_limit);
}

size_t RequestParser::feed(std::string_view data, boost::beast::error_code& ec) {
  return put(boost::asio::const_buffer(data.data(), data.size()), ec);
}

void RequestParser::on_request_impl(verb, string_view method, string_view target, int version,
                                    error_code&) {
  req_.method.assign(method.data(), method.size());
  req_.target.assign(target.data(), target.size());
  req_.version = version;
}

void RequestParser::on_field_impl(field, string_view name, string_view value, error_code&) {
  req_.headers.push_back(
      Header{std::string(name.data(), name.size()), std::string(value.data(), value.size())});
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) {
  // Beast has already refused a length over the limit.
  if (length) req_.body.reserve(size_t(*length));
}

size_t RequestParser::on_body_impl(string_view body, error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

}  // namespace ferry::in_http
