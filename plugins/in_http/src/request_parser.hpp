// Boost.Beast's HTTP/1 request parser fed from a connection's read buffer
// (no streams): fills a Request, with Beast enforcing the header-size and
// body-size limits (a Content-Length over the limit fails as soon as the
// header is parsed, so such a body is never read).
#pragma once
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
#include <string_view>

#include "request.hpp"

namespace ferry::in_http {

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser(Request& req, uint64_t body_limit, uint32_t header_limit);

  // Consumes bytes; returns how many were used. `ec` is need_more when
  // the current element is incomplete; the parser stops after the header
  // (is_header_done) so the caller can answer Expect before the body.
  size_t feed(std::string_view data, boost::beast::error_code& ec);

 private:
  using verb = boost::beast::http::verb;
  using field = boost::beast::http::field;
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  void on_request_impl(verb, string_view method, string_view target, int version,
                       error_code&) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field, string_view name, string_view value, error_code&) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override;
  size_t on_body_impl(string_view body, error_code&) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override;
  void on_finish_impl(error_code&) override {}

  Request& req_;
};

}  // namespace ferry::in_http
