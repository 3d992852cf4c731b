#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "config/json_value.hpp"

// The one JSON reader of the config: v1 JSON literal values (json_literal)
// and array/hash parameter values (value_types) read JSON through it; the
// options are where the two differ. Both keep Ruby Hash semantics for a
// duplicate object key: the last value wins, in the first key's place.
namespace ferry::config::json {

// Evaluates the code of one "#{...}" found at `offset` in the text; returns
// the text to insert. It reports its own errors (and then returns "").
using EmbeddedEval = std::function<std::string(std::string_view code, size_t offset)>;

struct ReadOptions {
  // `#`, `//` and `/* */` comments between tokens, as Fluentd's
  // literal_parser.rb skips them in a multi-line JSON value.
  bool comments = false;
  // "#{...}" evaluated inside strings and, as in Fluentd, as a bare value
  // after '[', ':' or ','; nullptr: '#' is plain text.
  const EmbeddedEval* eval = nullptr;
  // Any character after a backslash stands for itself ("\#" => "#"), as in
  // Ruby's JSON parser; false: only JSON's own escapes are accepted.
  bool lenient_escapes = false;
  // Numbers as Ruby prints what JSON.parse made of them (-0 => 0, 2.50 =>
  // 2.5, 1e2 => 100.0; a float out of range is an error); false: numbers
  // keep the text they were written with.
  bool ruby_numbers = false;
};

struct ReadResult {
  enum class Status {
    Ok,          // `value` is read; `end` is just past it
    Incomplete,  // the text ended before the value did (more lines may follow)
    Invalid,     // syntax error at offset `end`, described by `message`
  };
  Status status = Status::Ok;
  Value value;
  size_t end = 0;
  std::string message;
};

// Reads one JSON value at text[start] (blanks before it are skipped);
// what follows the value is the caller's.
ReadResult read_value(std::string_view text, size_t start, const ReadOptions& opts);

// Parses exactly one JSON document (surrounding whitespace allowed) with the
// default, strict options. On failure returns nullopt and describes the
// problem and its offset in `error`.
std::optional<Value> parse(std::string_view text, std::string& error);

}  // namespace ferry::config::json
