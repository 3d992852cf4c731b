#include "router/event_inspect.hpp"

#include <cstdint>

#include "format/msgpack_reader.hpp"
#include "format/ruby_value.hpp"

namespace ferry::router {
namespace {

const uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

}  // namespace

size_t next_event_size(std::string_view stream) {
  const uint8_t* p = bytes(stream);
  if (stream.empty() || !format::skip_value(p, p + stream.size())) return 0;
  return size_t(p - bytes(stream));
}

bool inspect_event(std::string_view event, std::string& time, std::string& record) {
  const uint8_t* p = bytes(event);
  const uint8_t* end = p + event.size();
  format::MpValue head;
  if (!format::read_item(p, end, head) || head.type != format::MpValue::kArray || head.size != 2)
    return false;
  std::string t, r;
  if (!format::append_ruby_inspect(t, p, end, 0, nullptr) ||
      !format::append_ruby_inspect(r, p, end, 0, nullptr))
    return false;
  time = std::move(t);
  record = std::move(r);
  return true;
}

}  // namespace ferry::router
