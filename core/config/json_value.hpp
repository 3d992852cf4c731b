#pragma once
#include <string>
#include <utility>
#include <vector>

// A JSON value read from a config (JSON literal values, array/hash
// parameters, `!fluent/json`, `plugins describe --json`). Config values are
// tiny and read once at load time, so a plain tree is fine.
namespace ferry::config::json {

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  // String: the decoded text. Number: the literal as written (or as Ruby
  // prints it, see ReadOptions::ruby_numbers). Bool: "true"/"false".
  std::string text;
  std::vector<Value> items;                            // Array
  std::vector<std::pair<std::string, Value>> members;  // Object, in order, keys unique

  static Value string(std::string s) { return {Kind::String, std::move(s), {}, {}}; }
  static Value number(std::string s) { return {Kind::Number, std::move(s), {}, {}}; }
  static Value boolean(bool b) { return {Kind::Bool, b ? "true" : "false", {}, {}}; }
};

// Compact serialisation (no spaces), members in order, strings escaped as
// Ruby's JSON.generate does.
std::string serialize(const Value& v);
void serialize_to(const Value& v, std::string& out);

// How a parameter's string view of a JSON element looks: strings as their
// text, everything else as compact JSON ("1", "true", "null", "[1,2]").
std::string as_param_text(const Value& v);

}  // namespace ferry::config::json
