#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A small strict JSON reader/writer for parameter values (array/hash types
// given as JSON, `!fluent/json` in YAML) and for `plugins describe --json`.
// Config values are tiny and read once at load time, so a plain tree is fine.
namespace ferry::config::json {

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  // String: the decoded text. Number: the literal as written. Bool: "true"/"false".
  std::string text;
  std::vector<Value> items;                            // Array
  std::vector<std::pair<std::string, Value>> members;  // Object, in order

  static Value string(std::string s) { return {Kind::String, std::move(s), {}, {}}; }
  static Value number(std::string s) { return {Kind::Number, std::move(s), {}, {}}; }
  static Value boolean(bool b) { return {Kind::Bool, b ? "true" : "false", {}, {}}; }
};

// Parses exactly one JSON document (surrounding whitespace allowed), like
// Ruby's JSON.parse. On failure returns nullopt and describes the problem.
std::optional<Value> parse(std::string_view text, std::string& error);

// Compact serialisation (no spaces), members in order.
std::string serialize(const Value& v);
void serialize_to(const Value& v, std::string& out);

// Appends `s` as a quoted JSON string.
void append_quoted(std::string& out, std::string_view s);

// How a parameter's string view of a JSON element looks: strings as their
// text, everything else as compact JSON ("1", "true", "null", "[1,2]").
std::string as_param_text(const Value& v);

}  // namespace ferry::config::json
