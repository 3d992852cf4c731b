#include "expr.hpp"

#include <charconv>
#include <cmath>

#include "format/json_writer.hpp"
#include "format/msgpack_reader.hpp"
#include "text/json_string.hpp"

namespace ferry::record_transformer {
namespace {

using format::MpValue;
using Type = Value::Type;

const uint8_t* bytes_of(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

// Strict decimal: "0", "12", "-3"; never "-0", "+1" or "01" (Fluentd's table
// only holds the indexes Integer#to_s prints).
bool parse_table_index(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || (s[i] == '0' && s.size() > i + 1) || (i == 1 && s == "-0")) return false;
  for (size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

[[noreturn]] void no_method(std::string_view name, const Value& v, const EvalContext& ctx) {
  throw EvalError("undefined method `" + std::string(name) + "' for " +
                  describe_receiver(v, ctx.tag));
}

[[noreturn]] void no_conversion(const Value& v, std::string_view into) {
  std::string what = v.is_nil() ? "nil" : std::string(ruby_class_name(v));
  throw EvalError("no implicit conversion of " + what + " into " + std::string(into));
}

std::string& arena_string(const EvalContext& ctx) {
  return ctx.arena->make();
}

// Hash#[] on a MessagePack map: string keys; the last duplicate wins.
Value map_lookup(std::string_view raw, std::string_view key) {
  const uint8_t* p = bytes_of(raw);
  const uint8_t* end = p + raw.size();
  MpValue m, k;
  if (!format::read_item(p, end, m) || m.type != MpValue::kMap) return Value::nil();
  Value found;
  for (uint32_t n = 0; n < m.size; ++n) {
    const uint8_t* key_begin = p;
    if (!format::read_item(p, end, k)) return Value::nil();
    bool match = (k.type == MpValue::kStr || k.type == MpValue::kBin) && k.bytes() == key;
    if (!match && k.type != MpValue::kStr && k.type != MpValue::kBin) {
      p = key_begin;
      if (!format::skip_value(p, end)) return Value::nil();
    }
    const uint8_t* value_begin = p;
    if (!format::skip_value(p, end)) return Value::nil();
    if (match)
      found =
          value_from_msgpack({reinterpret_cast<const char*>(value_begin), size_t(p - value_begin)});
  }
  return found;
}

size_t container_size(std::string_view raw) {
  const uint8_t* p = bytes_of(raw);
  MpValue m;
  return format::read_item(p, p + raw.size(), m) ? m.size : 0;
}

// Array#[] on a MessagePack array, negative indexes from the end.
Value array_at(std::string_view raw, int64_t index) {
  const uint8_t* p = bytes_of(raw);
  const uint8_t* end = p + raw.size();
  MpValue m;
  if (!format::read_item(p, end, m) || m.type != MpValue::kArray) return Value::nil();
  if (index < 0) index += m.size;
  if (index < 0 || index >= int64_t(m.size)) return Value::nil();
  for (int64_t n = 0; n < index; ++n)
    if (!format::skip_value(p, end)) return Value::nil();
  const uint8_t* begin = p;
  if (!format::skip_value(p, end)) return Value::nil();
  return value_from_msgpack({reinterpret_cast<const char*>(begin), size_t(p - begin)});
}

Value list_at(const EvalContext& ctx, TagList list, int64_t index) {
  size_t k;
  if (!ctx.tag->resolve(index, k)) return Value::nil();
  return Value::of_str(ctx.tag->get(list, k));
}

// Byte offsets of UTF-8 characters, for String#[] and #length.
size_t utf8_char_count(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

Value string_index(const EvalContext& ctx, const Value& recv, const Arg& arg) {
  if (!arg.is_int) {
    // String#[](str): the argument when it occurs, else nil.
    if (recv.s.find(arg.s) == std::string_view::npos) return Value::nil();
    return Value::of_str(arg.s);
  }
  const bool binary = recv.type == Type::kBin;
  const int64_t count = int64_t(binary ? recv.s.size() : utf8_char_count(recv.s));
  int64_t index = arg.i < 0 ? arg.i + count : arg.i;
  if (index < 0 || index >= count) return Value::nil();
  size_t begin = 0, seen = 0;
  if (binary) {
    begin = size_t(index);
  } else {
    for (begin = 0; begin < recv.s.size(); ++begin) {
      if ((static_cast<unsigned char>(recv.s[begin]) & 0xc0) == 0x80) continue;
      if (int64_t(seen++) == index) break;
    }
  }
  size_t end = begin + 1;
  while (!binary && end < recv.s.size() && (static_cast<unsigned char>(recv.s[end]) & 0xc0) == 0x80)
    ++end;
  std::string& out = arena_string(ctx);
  out.assign(recv.s.substr(begin, end - begin));
  return Value::of_str(out);
}

Value index_value(const EvalContext& ctx, const Value& recv, const Arg& arg) {
  switch (recv.type) {
    case Type::kMap:
      return arg.is_int ? Value::nil() : map_lookup(recv.s, arg.s);
    case Type::kArray:
      if (!arg.is_int) no_conversion(arg.value(), "Integer");
      return array_at(recv.s, arg.i);
    case Type::kTagList:
      if (!arg.is_int) no_conversion(arg.value(), "Integer");
      return list_at(ctx, recv.list, arg.i);
    case Type::kStr:
    case Type::kBin:
      return string_index(ctx, recv, arg);
    case Type::kInt:
      // Integer#[]: the bit at that position.
      if (!arg.is_int) no_conversion(arg.value(), "Integer");
      if (arg.i < 0) return Value::of_int(0);
      return Value::of_int(arg.i >= 63 ? (recv.i < 0 ? 1 : 0) : (recv.i >> arg.i) & 1);
    default:
      no_method("[]", recv, ctx);
  }
}

Value dig(const EvalContext& ctx, const Value& recv, const std::vector<Arg>& args) {
  if (recv.type != Type::kMap && recv.type != Type::kArray && recv.type != Type::kTagList)
    no_method("dig", recv, ctx);
  Value cur = recv;
  for (size_t k = 0; k < args.size(); ++k) {
    if (k > 0) {
      if (cur.is_nil()) return cur;
      if (cur.type != Type::kMap && cur.type != Type::kArray && cur.type != Type::kTagList)
        throw EvalError(std::string(ruby_class_name(cur)) + " does not have #dig method");
    }
    cur = index_value(ctx, cur, args[k]);
  }
  return cur;
}

Value to_i(const EvalContext& ctx, const Value& v) {
  switch (v.type) {
    case Type::kInt:
    case Type::kUint: {
      Value out = v;
      out.raw = {};
      return out;
    }
    case Type::kFloat:
      if (std::isnan(v.f)) throw EvalError("NaN");
      if (std::isinf(v.f)) throw EvalError(v.f < 0 ? "-Infinity" : "Infinity");
      if (v.f >= 9223372036854775808.0 || v.f < -9223372036854775808.0)
        throw EvalError("integer out of the 64-bit range Ferry supports");
      return Value::of_int(int64_t(v.f));
    case Type::kStr:
    case Type::kBin:
      if (auto i = ruby_string_to_i(v.s)) return Value::of_int(*i);
      throw EvalError("integer out of the 64-bit range Ferry supports");
    case Type::kNil:
      return Value::of_int(0);
    case Type::kTime:
      return Value::of_int(v.i);
    default:
      no_method("to_i", v, ctx);
  }
}

Value to_f(const EvalContext& ctx, const Value& v) {
  switch (v.type) {
    case Type::kInt:
      return Value::of_float(double(v.i));
    case Type::kUint:
      return Value::of_float(double(v.u));
    case Type::kFloat:
      return Value::of_float(v.f);
    case Type::kStr:
    case Type::kBin:
      return Value::of_float(ruby_string_to_f(v.s));
    case Type::kNil:
      return Value::of_float(0.0);
    case Type::kTime:
      return Value::of_float(
          double((static_cast<long double>(v.i) * 1000000000 + v.nsec) / 1000000000.0L));
    default:
      no_method("to_f", v, ctx);
  }
}

Value to_json(const EvalContext& ctx, const Value& v) {
  std::string& out = arena_string(ctx);
  switch (v.type) {
    case Type::kTime: {
      std::string text;
      append_time_to_s(text, v.time());
      text::append_json_string(out, text);
      break;
    }
    case Type::kTagList: {
      out += '[';
      for (size_t k = 0; k < ctx.tag->size(); ++k) {
        if (k) out += ',';
        text::append_json_string(out, ctx.tag->get(v.list, k));
      }
      out += ']';
      break;
    }
    default: {
      std::string bytes;
      write_msgpack(bytes, v, ctx.tag);
      const uint8_t* p = bytes_of(bytes);
      std::string error;
      if (!format::append_json(out, p, p + bytes.size(), format::JsonStyle::kRubyJson, &error))
        throw EvalError(error);
    }
  }
  return Value::of_str(out);
}

Value change_case(const EvalContext& ctx, const Value& v, bool upper, std::string_view name) {
  if (!v.is_string()) no_method(name, v, ctx);
  std::string& out = arena_string(ctx);
  out.assign(v.s);
  // ASCII only: Ruby also maps non-ASCII letters (documented difference).
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = char(c - 32);
    if (!upper && c >= 'A' && c <= 'Z') c = char(c + 32);
  }
  Value r = Value::of_str(out);
  r.type = v.type;
  return r;
}

Value strip(const EvalContext& ctx, const Value& v) {
  if (!v.is_string()) no_method("strip", v, ctx);
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::string_view s = v.s;
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (space(s.back()) || s.back() == '\0')) s.remove_suffix(1);
  Value r = v;
  r.s = s;
  r.raw = {};
  return r;
}

Value length(const EvalContext& ctx, const Value& v) {
  switch (v.type) {
    case Type::kStr:
      return Value::of_int(int64_t(utf8_char_count(v.s)));
    case Type::kBin:
      return Value::of_int(int64_t(v.s.size()));
    case Type::kMap:
    case Type::kArray:
      return Value::of_int(int64_t(container_size(v.s)));
    case Type::kTagList:
      return Value::of_int(int64_t(ctx.tag->size()));
    default:
      no_method("length", v, ctx);
  }
}

// Array#join: elements' to_s, nested arrays joined recursively.
void join_into(std::string& out, const Value& v, std::string_view sep, const EvalContext& ctx,
               bool& first) {
  if (v.type == Type::kTagList) {
    for (size_t k = 0; k < ctx.tag->size(); ++k) {
      if (!first) out += sep;
      first = false;
      out += ctx.tag->get(v.list, k);
    }
    return;
  }
  const size_t n = container_size(v.s);
  for (size_t k = 0; k < n; ++k) {
    Value item = array_at(v.s, int64_t(k));
    if (item.type == Type::kArray) {
      join_into(out, item, sep, ctx, first);
      continue;
    }
    if (!first) out += sep;
    first = false;
    append_to_s(out, item, ctx.tag);
  }
}

Value call(const Expr& e, const Value& recv, const EvalContext& ctx) {
  switch (e.method) {
    case Method::kIndex:
      return index_value(ctx, recv, e.args[0]);
    case Method::kDig:
      return dig(ctx, recv, e.args);
    case Method::kToI:
      return to_i(ctx, recv);
    case Method::kToF:
      return to_f(ctx, recv);
    case Method::kToS: {
      if (recv.is_string()) return recv;
      std::string& out = arena_string(ctx);
      append_to_s(out, recv, ctx.tag);
      return Value::of_str(out);
    }
    case Method::kInspect: {
      std::string& out = arena_string(ctx);
      append_inspect(out, recv, ctx.tag);
      return Value::of_str(out);
    }
    case Method::kToJson:
      return to_json(ctx, recv);
    case Method::kUpcase:
      return change_case(ctx, recv, true, e.name);
    case Method::kDowncase:
      return change_case(ctx, recv, false, e.name);
    case Method::kStrip:
      return strip(ctx, recv);
    case Method::kLength:
      return length(ctx, recv);
    case Method::kFirst:
    case Method::kLast: {
      const int64_t index = e.method == Method::kFirst ? 0 : -1;
      if (recv.type == Type::kArray) return array_at(recv.s, index);
      if (recv.type == Type::kTagList) return list_at(ctx, recv.list, index);
      no_method(e.name, recv, ctx);
    }
    case Method::kJoin: {
      if (recv.type != Type::kArray && recv.type != Type::kTagList) no_method(e.name, recv, ctx);
      std::string& out = arena_string(ctx);
      bool first = true;
      join_into(out, recv, e.args.empty() ? std::string_view() : e.args[0].s, ctx, first);
      return Value::of_str(out);
    }
    case Method::kStrftime: {
      if (recv.type != Type::kTime) no_method(e.name, recv, ctx);
      std::string& out = arena_string(ctx);
      append_strftime(out, *e.format, recv.time());
      return Value::of_str(out);
    }
    case Method::kIso8601: {
      if (recv.type != Type::kTime) no_method(e.name, recv, ctx);
      std::string& out = arena_string(ctx);
      append_time_iso8601(out, recv.time(), e.args.empty() ? 0 : int(e.args[0].i));
      return Value::of_str(out);
    }
    case Method::kUtc:
    case Method::kLocaltime: {
      if (recv.type != Type::kTime) no_method(e.name, recv, ctx);
      Value r = recv;
      r.utc = e.method == Method::kUtc;
      return r;
    }
    case Method::kNilP:
      return Value::of_bool(recv.is_nil());
    case Method::kEmptyP:
      switch (recv.type) {
        case Type::kStr:
        case Type::kBin:
          return Value::of_bool(recv.s.empty());
        case Type::kMap:
        case Type::kArray:
          return Value::of_bool(container_size(recv.s) == 0);
        case Type::kTagList:
          return Value::of_bool(ctx.tag->size() == 0);
        default:
          no_method(e.name, recv, ctx);
      }
  }
  no_method(e.name, recv, ctx);
}

bool is_number(const Value& v) {
  return v.type == Type::kInt || v.type == Type::kUint || v.type == Type::kFloat;
}
double as_double(const Value& v) {
  return v.type == Type::kFloat ? v.f : v.type == Type::kUint ? double(v.u) : double(v.i);
}

const char* op_name(Expr::Kind k) {
  switch (k) {
    case Expr::Kind::kAdd:
      return "+";
    case Expr::Kind::kSub:
      return "-";
    case Expr::Kind::kMul:
      return "*";
    default:
      return "/";
  }
}

Value arithmetic(Expr::Kind op, const Value& l, const Value& r, const EvalContext& ctx) {
  if (is_number(l)) {
    if (!is_number(r)) {
      std::string what = r.is_nil() ? "nil" : std::string(ruby_class_name(r));
      throw EvalError(what + " can't be coerced into " + std::string(ruby_class_name(l)));
    }
    if (l.type == Type::kInt && r.type == Type::kInt) {
      int64_t out = 0;
      bool overflow = false;
      switch (op) {
        case Expr::Kind::kAdd:
          overflow = __builtin_add_overflow(l.i, r.i, &out);
          break;
        case Expr::Kind::kSub:
          overflow = __builtin_sub_overflow(l.i, r.i, &out);
          break;
        case Expr::Kind::kMul:
          overflow = __builtin_mul_overflow(l.i, r.i, &out);
          break;
        default:
          if (r.i == 0) throw EvalError("divided by 0");
          if (l.i == INT64_MIN && r.i == -1) {
            overflow = true;
            break;
          }
          out = l.i / r.i;
          if ((l.i % r.i != 0) && ((l.i < 0) != (r.i < 0))) --out;  // Ruby floors
      }
      if (overflow) throw EvalError("integer overflow: Ferry computes with 64-bit integers");
      return Value::of_int(out);
    }
    const double a = as_double(l), b = as_double(r);
    switch (op) {
      case Expr::Kind::kAdd:
        return Value::of_float(a + b);
      case Expr::Kind::kSub:
        return Value::of_float(a - b);
      case Expr::Kind::kMul:
        return Value::of_float(a * b);
      default:
        return Value::of_float(a / b);
    }
  }
  if (l.is_string() && op == Expr::Kind::kAdd) {
    if (!r.is_string()) no_conversion(r, "String");
    std::string& out = arena_string(ctx);
    out.append(l.s).append(r.s);
    return Value::of_str(out);
  }
  if (l.is_string() && op == Expr::Kind::kMul) {
    if (r.type != Type::kInt) no_conversion(r, "Integer");
    if (r.i < 0) throw EvalError("negative argument");
    if (l.s.size() * uint64_t(r.i) > (64u << 20)) throw EvalError("argument too big");
    std::string& out = arena_string(ctx);
    for (int64_t k = 0; k < r.i; ++k) out.append(l.s);
    return Value::of_str(out);
  }
  no_method(op_name(op), l, ctx);
}

}  // namespace

Placeholder compile_placeholder(std::string_view text) {
  Placeholder ph;
  ph.text = std::string(text);
  if (text == "${tag}")
    ph.kind = Placeholder::Kind::kTag;
  else if (text == "${hostname}")
    ph.kind = Placeholder::Kind::kHostname;
  else if (text == "${time}")
    ph.kind = Placeholder::Kind::kTime;
  if (ph.kind != Placeholder::Kind::kUnknown) return ph;

  static constexpr struct {
    std::string_view prefix;
    TagList list;
  } kLists[] = {{"${tag_parts[", TagList::kParts},
                {"${tag_prefix[", TagList::kPrefix},
                {"${tag_suffix[", TagList::kSuffix}};
  for (const auto& l : kLists) {
    if (text.size() > l.prefix.size() + 2 && text.substr(0, l.prefix.size()) == l.prefix &&
        text.substr(text.size() - 2) == "]}") {
      std::string_view index = text.substr(l.prefix.size(), text.size() - l.prefix.size() - 2);
      if (parse_table_index(index, ph.index)) {
        ph.kind = Placeholder::Kind::kTagList;
        ph.list = l.list;
      }
      return ph;
    }
  }
  // Fluentd stores ${record["#{key}"]} for every key, so whatever sits
  // between the quotes is the key, quotes and brackets included.
  constexpr std::string_view kRecord = "${record[\"", kRecordEnd = "\"]}";
  if (text.size() >= kRecord.size() + kRecordEnd.size() &&
      text.substr(0, kRecord.size()) == kRecord &&
      text.substr(text.size() - kRecordEnd.size()) == kRecordEnd) {
    ph.kind = Placeholder::Kind::kRecordKey;
    ph.key =
        std::string(text.substr(kRecord.size(), text.size() - kRecord.size() - kRecordEnd.size()));
  }
  return ph;
}

bool eval_placeholder(const Placeholder& ph, const EvalContext& ctx, Value& out) {
  switch (ph.kind) {
    // `out` is a fresh Value: set only what differs (this runs per field).
    case Placeholder::Kind::kTag:
      out.type = Value::Type::kStr;
      out.s = ctx.tag->tag();
      return true;
    case Placeholder::Kind::kHostname:
      out.type = Value::Type::kStr;
      out.s = ctx.hostname;
      return true;
    case Placeholder::Kind::kTime:
      out.type = Value::Type::kStr;
      out.s = ctx.time_text->get(ctx.time);
      return true;
    case Placeholder::Kind::kTagList: {
      size_t k;
      if (!ctx.tag->resolve(ph.index, k)) return false;
      out.type = Value::Type::kStr;
      out.s = ctx.tag->get(ph.list, k);
      return true;
    }
    case Placeholder::Kind::kRecordKey: {
      const RecordEntry* e = ctx.record ? ctx.record->find(ph.key) : nullptr;
      if (!e) return false;
      out = value_from_msgpack(e->raw_value());
      return true;
    }
    case Placeholder::Kind::kUnknown:
      return false;
  }
  return false;
}

Value eval_expr(const Expr& e, const EvalContext& ctx) {
  switch (e.kind) {
    case Expr::Kind::kLiteral:
      return e.is_constant ? e.constant : e.literal.value();
    case Expr::Kind::kVar:
      switch (e.var) {
        case Var::kTag:
          return Value::of_str(ctx.tag->tag());
        case Var::kHostname:
          return Value::of_str(ctx.hostname);
        case Var::kTime:
          return Value::of_time(ctx.time);
        case Var::kTagParts:
          return Value::of_list(TagList::kParts);
        case Var::kTagPrefix:
          return Value::of_list(TagList::kPrefix);
        case Var::kTagSuffix:
          return Value::of_list(TagList::kSuffix);
        case Var::kRecord: {
          Value v;
          if (!ctx.record) return v;
          v.type = Type::kMap;
          v.s = v.raw = ctx.record->raw();
          return v;
        }
      }
      return Value::nil();
    case Expr::Kind::kCall: {
      // record["key"]: the parsed top-level entries answer without a scan of bytes.
      if (e.method == Method::kIndex && e.lhs->kind == Expr::Kind::kVar &&
          e.lhs->var == Var::kRecord && !e.args[0].is_int && ctx.record) {
        const RecordEntry* entry = ctx.record->find(e.args[0].s);
        return entry ? value_from_msgpack(entry->raw_value()) : Value::nil();
      }
      return call(e, eval_expr(*e.lhs, ctx), ctx);
    }
    case Expr::Kind::kOr: {
      Value l = eval_expr(*e.lhs, ctx);
      return l.truthy() ? l : eval_expr(*e.rhs, ctx);
    }
    case Expr::Kind::kAnd: {
      Value l = eval_expr(*e.lhs, ctx);
      return l.truthy() ? eval_expr(*e.rhs, ctx) : l;
    }
    case Expr::Kind::kNeg: {
      Value v = eval_expr(*e.lhs, ctx);
      if (v.type == Type::kInt && v.i != INT64_MIN) return Value::of_int(-v.i);
      if (v.type == Type::kFloat) return Value::of_float(-v.f);
      no_method("-@", v, ctx);
    }
    case Expr::Kind::kAdd:
    case Expr::Kind::kSub:
    case Expr::Kind::kMul:
    case Expr::Kind::kDiv:
      return arithmetic(e.kind, eval_expr(*e.lhs, ctx), eval_expr(*e.rhs, ctx), ctx);
  }
  return Value::nil();
}

}  // namespace ferry::record_transformer
