#include "config/json_literal.hpp"

namespace ferry::config {

JsonLiteral read_json_literal(std::string_view text, size_t start, const json::EmbeddedEval& eval) {
  json::ReadOptions opts;
  opts.comments = true;
  opts.eval = &eval;
  opts.lenient_escapes = true;  // Ruby's JSON parser keeps the character: "\#" => "#"
  opts.ruby_numbers = true;
  json::ReadResult r = json::read_value(text, start, opts);
  JsonLiteral out;
  out.end = r.end;
  switch (r.status) {
    case json::ReadResult::Status::Ok:
      json::serialize_to(r.value, out.compact);
      break;
    case json::ReadResult::Status::Incomplete:
      out.status = JsonLiteral::Status::Incomplete;
      break;
    case json::ReadResult::Status::Invalid:
      out.status = JsonLiteral::Status::Invalid;
      out.message = std::move(r.message);
      break;
  }
  return out;
}

}  // namespace ferry::config
