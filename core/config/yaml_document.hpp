#pragma once
// A YAML file read the way Fluentd's YAML loader (Psych) reads it: plain
// scalars typed (yaml_scalar.hpp), !fluent/s evaluated, !fluent/json turned
// into JSON text, !include spliced, `<<:` merged. yaml_parser.cpp shapes the
// result into config Elements.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/load_options.hpp"
#include "config/source_location.hpp"
#include "config/yaml_scalar.hpp"

namespace ferry::config {

struct YMember;

// A YAML value after Psych's typing: what Fluentd's parser works on.
struct YNode {
  enum class Kind { Null, Scalar, Seq, Map };
  Kind kind = Kind::Null;
  YamlScalar::Type type = YamlScalar::Type::String;  // Scalar only
  std::string text;                                  // Scalar: Ruby to_s
  bool use_default = false;                          // !fluent/s "#{use_default}"
  std::vector<YNode> items;                          // Seq
  std::vector<YMember> members;                      // Map, Ruby Hash order
  SourceLocation where;

  const YNode* get(std::string_view key) const;
  // Ruby truthiness: nil and false are skipped by Fluentd's `if (v = ...)`.
  bool truthy() const {
    return kind != Kind::Null &&
           !(kind == Kind::Scalar && type == YamlScalar::Type::Bool && text == "false");
  }
};

struct YMember {
  std::string key;
  SourceLocation where;
  YNode value;
};

// Reads `path` (and what it includes). nullopt when the file cannot be read
// or is not YAML; every problem goes to diag.
std::optional<YNode> read_yaml_document(const std::string& path, const LoadOptions& opts,
                                        Diagnostics& diag);

// Ruby's to_json of a Psych value (what !fluent/json produces). False, with
// `error`, for NaN and infinities, which Ruby's JSON refuses.
bool yaml_to_json(const YNode& n, std::string& out, std::string& error);

}  // namespace ferry::config
