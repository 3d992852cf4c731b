#include "json_doc.hpp"

#include <new>

#include "format/msgpack_reader.hpp"

namespace ferry::json_extract {

JsonParser::JsonParser() {
  // The same depth bound as the MessagePack side (kept when the capacity
  // later grows to fit a longer text).
  if (parser_.allocate(simdjson::dom::MINIMAL_DOCUMENT_CAPACITY, size_t(format::kMaxDepth)))
    throw std::bad_alloc();
}

bool JsonParser::parse(std::string_view json, JsonDoc::Node& root, std::string* error) {
  // realloc_if_needed: the text lives inside a MessagePack batch, so it is
  // copied into the parser's own padded buffer (reused, grown only when a
  // longer text arrives) rather than read past its end.
  const simdjson::error_code e = parser_.parse(json.data(), json.size(), true).get(root);
  if (e == simdjson::SUCCESS) return true;
  if (error)
    *error = e == simdjson::DEPTH_ERROR
                 ? std::string("invalid JSON: nested too deeply")
                 : std::string("invalid JSON: ") + simdjson::error_message(e);
  return false;
}

}  // namespace ferry::json_extract
