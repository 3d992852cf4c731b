#include "template.hpp"

#include <stdexcept>

#include "format/json_to_msgpack.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "ruby_parser.hpp"

namespace ferry::record_transformer {
namespace {

bool is_upper_or_underscore(char c) {
  return (c >= 'A' && c <= 'Z') || c == '_';
}

// Length of the match of /\${[^}]+}|__[A-Z_]+__/ starting at s[i], 0 if
// none starts there. The `__` form takes the longest match, like the
// backtracking regex does.
size_t placeholder_at(std::string_view s, size_t i) {
  if (s.substr(i, 2) == "${") {
    const size_t close = s.find('}', i + 2);
    return close == std::string_view::npos || close == i + 2 ? 0 : close + 1 - i;
  }
  if (s.substr(i, 2) == "__") {
    size_t run_end = i + 2;
    while (run_end < s.size() && is_upper_or_underscore(s[run_end])) ++run_end;
    for (size_t q = run_end; q >= i + 5; --q)
      if (s[q - 1] == '_' && s[q - 2] == '_') return q - i;
  }
  return 0;
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s.substr(i, from.size()) == from) {
      out += to;
      i += from.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The expression text from `${` to the next `}` (or the end), for messages.
std::string_view expression_snippet(std::string_view s, size_t start) {
  const size_t close = s.find('}', start);
  return s.substr(start,
                  close == std::string_view::npos ? std::string_view::npos : close + 1 - start);
}

[[noreturn]] void unsupported(std::string_view snippet, const std::string& why) {
  throw std::invalid_argument("unsupported enable_ruby expression `" + std::string(snippet) +
                              "`: " + why);
}

}  // namespace

StringTemplate StringTemplate::compile(std::string_view s, bool force_stringify,
                                       const CompileOptions& options) {
  StringTemplate t;
  t.ruby_ = options.enable_ruby;
  std::string literal;
  auto push = [&](Piece&& p) {
    p.literal = std::move(literal);
    literal.clear();
    t.pieces_.push_back(std::move(p));
  };

  if (!options.enable_ruby) {
    for (size_t i = 0; i < s.size();) {
      if (size_t n = placeholder_at(s, i)) {
        Piece p;
        p.placeholder = compile_placeholder(s.substr(i, n));
        push(std::move(p));
        i += n;
      } else {
        literal += s[i++];
      }
    }
    t.literal_tail_ = std::move(literal);
    t.typed_ = options.auto_typecast && !force_stringify && t.pieces_.size() == 1 &&
               t.pieces_[0].literal.empty() && t.literal_tail_.empty();
    return t;
  }

  // Ruby mode, as Fluentd's preprocess_map rewrites the value: exactly one
  // `${` spanning the whole value is evaluated as is (typed); anything else
  // becomes %Q[...] with every `${` turned into `#{`.
  const bool one = s.size() >= 3 && s.substr(0, 2) == "${" && s.back() == '}' &&
                   s.find("${", 2) == std::string_view::npos;
  if (options.auto_typecast && !force_stringify && one) {
    const std::string_view inner = s.substr(2, s.size() - 3);
    std::string error;
    size_t pos = 0;
    Piece p;
    p.expr = parse_ruby_expression(inner, pos, error);
    if (!p.expr) unsupported(s, error);
    if (pos != inner.size()) unsupported(s, "unexpected `" + std::string(inner.substr(pos)) + "`");
    push(std::move(p));
    t.typed_ = true;
    t.source_ = std::string(inner);
    return t;
  }

  int depth = 0;  // %Q[...] nests brackets; an unbalanced `]` would end it early
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\\') {
      if (s.substr(i + 1, 2) == "${") {  // "\${" is "\#{" to Ruby: a literal "#{"
        literal += '#';
        i += 2;
        continue;
      }
      std::string error;
      if (!ruby_escape(s, i, literal, error)) unsupported(s, error);
      continue;
    }
    if ((c == '$' || c == '#') && i + 1 < s.size() && s[i + 1] == '{') {
      size_t pos = i + 2;
      std::string error;
      Piece p;
      p.expr = parse_ruby_expression(s, pos, error);
      if (!p.expr) unsupported(expression_snippet(s, i), error);
      if (pos >= s.size() || s[pos] != '}')
        unsupported(expression_snippet(s, i), pos >= s.size()
                                                  ? "`}` expected"
                                                  : "unexpected `" + std::string(1, s[pos]) + "`");
      push(std::move(p));
      i = pos + 1;
      continue;
    }
    if (c == '#' && i + 2 < s.size() && (s[i + 1] == '@' || s[i + 1] == '$') &&
        is_ident_char(s[i + 2]))
      unsupported(s.substr(i), "Ruby variable interpolation (#@, #$) is not supported");
    if (c == '[') ++depth;
    if (c == ']' && --depth < 0)
      unsupported(s, "an unbalanced `]` ends Fluentd's %Q[...] string early");
    literal += c;
    ++i;
  }
  if (depth > 0) unsupported(s, "an unbalanced `[` leaves Fluentd's %Q[...] string open");
  t.literal_tail_ = std::move(literal);
  t.source_ = "%Q[" + replace_all(s, "${", "#{") + "]";
  return t;
}

void StringTemplate::rethrow(const EvalError& e) const {
  // Fluentd: raise "failed to expand ..." (a RuntimeError).
  throw EvalError("failed to expand `" + source_ + "` : error = " + e.what(), "RuntimeError");
}

bool StringTemplate::eval(const Piece& p, const EvalContext& ctx, WarningSink& warnings,
                          Value& out) const {
  if (p.expr) {
    try {
      out = eval_expr(*p.expr, ctx);
    } catch (const EvalError& e) {
      rethrow(e);
    }
    return true;
  }
  if (eval_placeholder(p.placeholder, ctx, out)) return true;
  warnings.warn("unknown placeholder `" + p.placeholder.text + "` found");
  return false;
}

void StringTemplate::write_msgpack(std::string& out, const EvalContext& ctx, WarningSink& warnings,
                                   std::string& text_scratch) const {
  if (typed_) {
    Value v;
    if (eval(pieces_[0], ctx, warnings, v))
      record_transformer::write_msgpack(out, v, ctx.tag);
    else
      format::mp_nil(out);
    return;
  }
  text_scratch.clear();
  append_text(text_scratch, ctx, warnings);
  format::mp_str(out, text_scratch);
}

void StringTemplate::append_text(std::string& out, const EvalContext& ctx,
                                 WarningSink& warnings) const {
  for (const Piece& p : pieces_) {
    out += p.literal;
    Value v;
    if (eval(p, ctx, warnings, v)) append_to_s(out, v, ctx.tag);
  }
  out += literal_tail_;
}

// Builds a ValueTemplate tree from the MessagePack form of the JSON value.
struct JsonTemplateBuilder {
  using MpValue = format::MpValue;

  // p is advanced past the value; false on malformed bytes (not expected
  // from JsonToMsgpack).
  static bool build(const uint8_t*& p, const uint8_t* end, const CompileOptions& options,
                    ValueTemplate& t) {
    const uint8_t* begin = p;
    MpValue v;
    if (!format::read_item(p, end, v)) return false;
    if (v.type == MpValue::kStr) {
      t.string_ = StringTemplate::compile(v.bytes(), false, options);
      if (t.string_.is_constant())
        format::mp_str(t.bytes_, t.string_.text());
      else
        t.kind_ = ValueTemplate::Kind::kString;
      return true;
    }
    if (v.type == MpValue::kArray) {
      t.kind_ = ValueTemplate::Kind::kArray;
      for (uint32_t k = 0; k < v.size; ++k) {
        ValueTemplate item;
        if (!build(p, end, options, item)) return false;
        t.children_.push_back(std::move(item));
      }
      fold_constant(t);
      return true;
    }
    if (v.type == MpValue::kMap) {
      t.kind_ = ValueTemplate::Kind::kMap;
      for (uint32_t k = 0; k < v.size; ++k) {
        MpValue key;
        if (!format::read_item(p, end, key) || key.type != MpValue::kStr) return false;
        StringTemplate key_template = StringTemplate::compile(key.bytes(), true, options);
        ValueTemplate value;
        if (!build(p, end, options, value)) return false;
        // JSON.parse keeps a repeated key at its first place with the last value.
        bool replaced = false;
        for (size_t n = 0; n < t.keys_.size() && key_template.is_constant(); ++n) {
          if (t.keys_[n].is_constant() && t.keys_[n].text() == key_template.text()) {
            t.children_[n] = std::move(value);
            replaced = true;
            break;
          }
        }
        if (replaced) continue;
        t.keys_.push_back(std::move(key_template));
        t.children_.push_back(std::move(value));
      }
      fold_constant(t);
      return true;
    }
    // Numbers, true/false, null: already their final bytes.
    t.bytes_.assign(reinterpret_cast<const char*>(begin), size_t(p - begin));
    return true;
  }

  // A container whose keys and children are all constant is written once.
  static void fold_constant(ValueTemplate& t) {
    for (const auto& k : t.keys_)
      if (!k.is_constant()) return;
    for (const auto& c : t.children_)
      if (!c.is_constant()) return;
    std::string bytes;
    if (t.kind_ == ValueTemplate::Kind::kMap) {
      format::mp_map_header(bytes, uint32_t(t.keys_.size()));
      for (size_t k = 0; k < t.keys_.size(); ++k) {
        format::mp_str(bytes, t.keys_[k].text());
        bytes += t.children_[k].bytes_;
      }
    } else {
      format::mp_array_header(bytes, uint32_t(t.children_.size()));
      for (const auto& c : t.children_) bytes += c.bytes_;
    }
    t.kind_ = ValueTemplate::Kind::kConstant;
    t.bytes_ = std::move(bytes);
    t.keys_.clear();
    t.children_.clear();
  }
};

ValueTemplate ValueTemplate::compile(std::string_view text, const CompileOptions& options,
                                     std::string& json_error) {
  json_error.clear();
  if (!text.empty() && (text[0] == '{' || text[0] == '[')) {
    format::JsonToMsgpack converter;
    std::string bytes;
    if (converter.convert(text, bytes, &json_error)) {
      const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
      ValueTemplate t;
      if (JsonTemplateBuilder::build(p, p + bytes.size(), options, t)) return t;
      json_error = "malformed MessagePack from the JSON converter";
    }
  }
  ValueTemplate t;
  t.string_ = StringTemplate::compile(text, false, options);
  if (t.string_.is_constant()) {
    format::mp_str(t.bytes_, t.string_.text());
  } else {
    t.kind_ = Kind::kString;
  }
  return t;
}

void ValueTemplate::write_msgpack(std::string& out, const EvalContext& ctx, WarningSink& warnings,
                                  std::string& text_scratch) const {
  switch (kind_) {
    case Kind::kConstant:
      out += bytes_;
      return;
    case Kind::kString:
      string_.write_msgpack(out, ctx, warnings, text_scratch);
      return;
    case Kind::kMap:
      // Keys computed at run time may repeat; Ruby's Hash keeps one. Rare
      // enough that Ferry writes them as computed (documented difference).
      format::mp_map_header(out, uint32_t(keys_.size()));
      for (size_t k = 0; k < keys_.size(); ++k) {
        text_scratch.clear();
        keys_[k].append_text(text_scratch, ctx, warnings);
        format::mp_str(out, text_scratch);
        children_[k].write_msgpack(out, ctx, warnings, text_scratch);
      }
      return;
    case Kind::kArray:
      format::mp_array_header(out, uint32_t(children_.size()));
      for (const auto& c : children_) c.write_msgpack(out, ctx, warnings, text_scratch);
      return;
  }
}

}  // namespace ferry::record_transformer
