#include "core_body_parser.hpp"

namespace ferry::in_http {

bool CoreBodyParser::parse(std::string_view body, const OnEvent& on_event, std::string* error) {
  bool failed = false;
  // One unit, as Fluentd's in_http calls parser.parse(body) once.
  parser_.parse(body, [&](const ferry::Parsed& r) {
    if (!r.ok()) {
      if (!failed) error->assign(r.error);
      failed = true;
      return;
    }
    if (!failed) on_event(r.event, r.time_set);
  });
  return !failed;
}

}  // namespace ferry::in_http
