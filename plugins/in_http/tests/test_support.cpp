#include "test_support.hpp"

namespace ferry::in_http::test {

std::vector<std::string> events_text(std::string_view batch) {
  std::vector<std::string> out;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(batch.data());
  const uint8_t* end = p + batch.size();
  std::string_view event;
  while (format::next_event(p, end, event)) {
    EventTime t;
    std::string_view record;
    if (!format::split_event(event, t, record)) {
      out.push_back("<bad event>");
      continue;
    }
    std::string line = std::to_string(t.sec) + "." + std::to_string(t.nsec) + " ";
    const uint8_t* r = reinterpret_cast<const uint8_t*>(record.data());
    std::string error;
    if (!format::append_json(line, r, r + record.size(), format::JsonStyle::kOj, &error))
      line += "<" + error + ">";
    out.push_back(line);
  }
  return out;
}

}  // namespace ferry::in_http::test
