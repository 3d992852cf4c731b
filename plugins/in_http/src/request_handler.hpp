// What in_http does with a request once it is read (Fluentd's
// Handler#on_message_complete and HttpInput#on_request): GET health check,
// OPTIONS preflight, CORS, Content-Encoding, parameters, events, one emit,
// and the response. Pure: no sockets, so it is unit-tested directly.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "body_parser.hpp"
#include "event/event_time.hpp"
#include "event_builder.hpp"
#include "ferry/abi.h"
#include "params.hpp"
#include "request.hpp"
#include "response.hpp"
#include "settings.hpp"

namespace ferry::in_http {

// The plugin's side: routing, logging, the clock.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual ferry_status emit(std::string_view tag, std::string_view events, uint32_t count) = 0;
  virtual bool log_enabled(ferry_log_level level) = 0;
  virtual void log(ferry_log_level level, std::string_view message) = 0;
  virtual EventTime now() = 0;
};

// What to send once the header is in, before the body is read.
struct HeadReply {
  enum class Kind { kReadBody, kContinue, kReject } kind = Kind::kReadBody;
  std::string bytes;  // 100 Continue, or the rejection (then close)
};

class RequestHandler {
 public:
  // custom: the <parse> parser when its @type is not the default in_http
  // (nullptr: the default json/msgpack/ndjson/form handling).
  RequestHandler(const HttpSettings& settings, Sink& sink, BodyParser* custom = nullptr);

  // Expect: 100-continue -> 100 (or 413 when Content-Length >= the body
  // limit); any other Expect -> 417.
  HeadReply on_head(const HeadInfo& head) const;

  // Handles a complete request: appends the response bytes to `out`;
  // returns true when the connection must close once they are written.
  bool handle(const Request& req, std::string& out);

  // The answer to a body over body_size_limit (then close).
  static void too_large(std::string& out);

 private:
  Response process(const Request& req, const HeadInfo& head, std::string_view body);
  Response preflight(const HeadInfo& head) const;
  void gather_params(const Request& req, const HeadInfo& head, std::string_view query,
                     std::string_view body);
  void log_error(std::string_view what, std::string_view error_class, std::string_view message);

  const HttpSettings& settings_;
  Sink& sink_;
  BodyParser* custom_;
  EventBuilder builder_;
  Params params_;
  Params query_;
  std::string key_scratch_, value_scratch_;
  std::string decoded_;  // body after Content-Encoding
  std::string batch_;
  std::string tag_;
};

// Fluentd's tag from the request path: the first character dropped, '/'
// separated fields joined with '.', trailing empty fields removed.
std::string tag_from_path(std::string_view path);

// Path and query of a request-target, as URI.parse splits them (an
// absolute-form target loses its scheme and authority; '#...' is dropped).
void split_target(std::string_view target, std::string_view& path, std::string_view& query,
                  bool& has_query);

}  // namespace ferry::in_http
