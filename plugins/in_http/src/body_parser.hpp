// A <parse> parser other than the default `in_http` one: in_http hands it
// the raw (decoded) request body, as Fluentd's parse_params_with_parser
// does, and emits whatever events result. An interface so the request
// handler is unit-tested without a host; the plugin wraps the core's
// parser (core_body_parser.hpp).
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace ferry::in_http {

class BodyParser {
 public:
  // event: one [time, record] pair (0x92, the 10-byte EventTime, the
  // record map); time_set false when the body had no time.
  using OnEvent = std::function<void(std::string_view event, bool time_set)>;

  virtual ~BodyParser() = default;
  // Parses the whole body; on_event runs per event. False with *error (the
  // first failure's reason) when any part of the body failed to parse.
  virtual bool parse(std::string_view body, const OnEvent& on_event, std::string* error) = 0;
};

}  // namespace ferry::in_http
