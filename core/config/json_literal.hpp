#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "config/json_reader.hpp"

namespace ferry::config {

// Reads a v1 config value that starts with '[' or '{' as Fluentd does
// (literal_parser.rb scan_json): a JSON literal that may span lines, with
// `#`, `//` and `/* */` comments between elements, "#{...}" evaluated inside
// JSON strings (and, as in Fluentd, as a bare value after ':' or ','), and
// duplicate object keys allowed (the last value wins, in the first key's
// place). The result is re-serialised compactly as Ruby's JSON.dump would:
// `[1,\n 2.50]` => `[1,2.5]`.
struct JsonLiteral {
  enum class Status {
    Ok,          // `compact` holds the value; `end` is just past it
    Incomplete,  // the text ended before the literal closed
    Invalid,     // syntax error at offset `end`, described by `message`
  };
  Status status = Status::Ok;
  std::string compact;
  size_t end = 0;
  std::string message;
};

// `start` is the offset of the opening '[' or '{' in `text`.
JsonLiteral read_json_literal(std::string_view text, size_t start, const json::EmbeddedEval& eval);

}  // namespace ferry::config
