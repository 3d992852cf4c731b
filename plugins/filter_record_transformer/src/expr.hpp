#pragma once
// Compiled `${...}` bodies. Without enable_ruby a body is a Placeholder: an
// exact lookup in Fluentd's placeholder table. With enable_ruby it is an
// expression tree over the allow-listed Ruby shapes (see ruby_parser.hpp).
// Both are built once at load; evaluating one never parses text.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval_context.hpp"
#include "ruby_text.hpp"
#include "value.hpp"

namespace ferry::record_transformer {

// A Ruby exception while evaluating (NoMethodError, TypeError...): the
// record goes to the error stream with this message. `ruby_class` names the
// class Fluentd logs when the error reaches the error stream as it is
// (nullptr: Ferry's default class).
class EvalError : public std::runtime_error {
 public:
  explicit EvalError(const std::string& what, const char* ruby_class = nullptr)
      : std::runtime_error(what), ruby_class_(ruby_class) {}
  const char* ruby_class() const { return ruby_class_; }

 private:
  const char* ruby_class_;
};

// One entry of Fluentd's non-Ruby placeholder table.
struct Placeholder {
  enum class Kind : uint8_t {
    kTag,        // ${tag}
    kHostname,   // ${hostname}
    kTime,       // ${time}
    kTagList,    // ${tag_parts[N]} ${tag_prefix[N]} ${tag_suffix[N]}
    kRecordKey,  // ${record["KEY"]}
    kUnknown,    // anything else, __UPPER__ included: warned, nil
  };
  Kind kind = Kind::kUnknown;
  TagList list = TagList::kParts;
  int64_t index = 0;
  std::string key;   // kRecordKey
  std::string text;  // as written, for the "unknown placeholder" warning
};

// Compiles the text of one placeholder ("${...}" or "__NAME__").
Placeholder compile_placeholder(std::string_view text);

// False when the table has no entry for it in this record (Fluentd warns).
bool eval_placeholder(const Placeholder& ph, const EvalContext& ctx, Value& out);

enum class Var : uint8_t { kTag, kTime, kRecord, kTagParts, kTagPrefix, kTagSuffix, kHostname };

enum class Method : uint8_t {
  kIndex,  // []
  kDig,
  kToI,
  kToF,
  kToS,
  kToJson,
  kInspect,
  kUpcase,
  kDowncase,
  kStrip,
  kLength,  // length, size
  kFirst,
  kLast,
  kJoin,
  kStrftime,
  kIso8601,
  kUtc,
  kLocaltime,
  kNilP,
  kEmptyP,
};

// A literal argument of a method call: a string or an integer.
struct Arg {
  bool is_int = false;
  int64_t i = 0;
  std::string s;
  Value value() const { return is_int ? Value::of_int(i) : Value::of_str(s); }
};

struct Expr {
  enum class Kind : uint8_t { kLiteral, kVar, kCall, kOr, kAnd, kAdd, kSub, kMul, kDiv, kNeg };
  Kind kind = Kind::kLiteral;
  Var var = Var::kTag;
  Method method = Method::kIndex;
  std::string name;  // method name as written, for messages
  Arg literal;       // kLiteral (nil/true/false use `constant`)
  bool is_constant = false;
  Value constant;             // kLiteral nil/true/false/float
  std::unique_ptr<Expr> lhs;  // receiver, or left operand
  std::unique_ptr<Expr> rhs;  // right operand
  std::vector<Arg> args;
  std::optional<format::Strftime> format;  // kStrftime
};

// Evaluates e; throws EvalError with Ruby's message for Ruby exceptions.
Value eval_expr(const Expr& e, const EvalContext& ctx);

}  // namespace ferry::record_transformer
