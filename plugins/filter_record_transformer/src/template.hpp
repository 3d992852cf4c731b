#pragma once
// <record> values compiled once at load: strings with placeholders (or
// enable_ruby expressions), and the hash/array trees of JSON values.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr.hpp"

namespace ferry::record_transformer {

// Receives the "unknown placeholder" warnings of evaluation.
class WarningSink {
 public:
  virtual ~WarningSink() = default;
  virtual void warn(std::string_view message) = 0;
};

struct CompileOptions {
  bool enable_ruby = false;
  bool auto_typecast = true;
};

// One string: literal text and `${...}` pieces in order.
class StringTemplate {
 public:
  // Non-Ruby mode: Fluentd's /(\${[^}]+}|__[A-Z_]+__)/ scan.
  // Ruby mode: the string as Fluentd's %Q[...] rewrite reads it. Keys are
  // compiled with force_stringify (never typed). Throws std::invalid_argument
  // naming the unsupported expression.
  static StringTemplate compile(std::string_view text, bool force_stringify,
                                const CompileOptions& options);

  bool is_constant() const { return pieces_.empty(); }
  // Constant text (valid when is_constant()).
  const std::string& text() const { return literal_tail_; }
  // The whole string is one placeholder and keeps the value's type.
  bool is_typed() const { return typed_; }

  // Appends the typed MessagePack value (is_typed()) or the expanded string.
  void write_msgpack(std::string& out, const EvalContext& ctx, WarningSink& warnings,
                     std::string& text_scratch) const;
  // Appends the expanded text (to_s of every piece).
  void append_text(std::string& out, const EvalContext& ctx, WarningSink& warnings) const;

 private:
  struct Piece {
    std::string literal;  // text before the placeholder
    Placeholder placeholder;
    std::unique_ptr<Expr> expr;  // Ruby mode
  };
  // Evaluates piece p; false for an unknown placeholder (already warned).
  bool eval(const Piece& p, const EvalContext& ctx, WarningSink& warnings, Value& out) const;
  [[noreturn]] void rethrow(const EvalError& e) const;

  std::vector<Piece> pieces_;
  std::string literal_tail_;  // text after the last placeholder
  bool typed_ = false;
  bool ruby_ = false;
  std::string source_;  // what Fluentd names in "failed to expand `...`"
};

// A <record> value: a string template, or a JSON hash/array whose strings
// (keys and values) are templates. Subtrees without placeholders are
// pre-encoded MessagePack.
class ValueTemplate {
 public:
  // Parses JSON when the text starts with `{` or `[`; on a JSON error it
  // keeps the text as a string and sets json_error (Fluentd warns).
  static ValueTemplate compile(std::string_view text, const CompileOptions& options,
                               std::string& json_error);

  bool is_constant() const { return kind_ == Kind::kConstant; }
  const std::string& constant_bytes() const { return bytes_; }
  void write_msgpack(std::string& out, const EvalContext& ctx, WarningSink& warnings,
                     std::string& text_scratch) const;

 private:
  enum class Kind : uint8_t { kConstant, kString, kMap, kArray };
  friend struct JsonTemplateBuilder;  // builds the tree from parsed JSON

  Kind kind_ = Kind::kConstant;
  std::string bytes_;                    // kConstant: MessagePack
  StringTemplate string_;                // kString
  std::vector<StringTemplate> keys_;     // kMap
  std::vector<ValueTemplate> children_;  // kMap values, kArray items
};

}  // namespace ferry::record_transformer
