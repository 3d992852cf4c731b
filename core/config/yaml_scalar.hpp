#pragma once
#include <string>
#include <string_view>

namespace ferry::config {

// A YAML scalar as Fluentd sees it: Psych (Ruby's YAML) turns plain scalars
// into Ruby objects (`port: 0755` is the Integer 493, `on` is true, `~` is nil),
// and Fluentd later reads them back with to_s. We keep that text.
struct YamlScalar {
  enum class Type { Null, String, Integer, Float, Bool };
  Type type = Type::String;
  std::string text;  // Ruby's to_s of the value ("" for nil)
  // Set when the value differs from the text in a way a user would not
  // expect (octal, commas, base 60); the caller warns with file:line.
  std::string note;
};

// Psych's ScalarScanner#tokenize for a plain (unquoted, untagged) scalar, with
// the legacy integer rules Fluentd's loader uses. Timestamps are kept as text.
YamlScalar resolve_plain_scalar(std::string_view s);

}  // namespace ferry::config
