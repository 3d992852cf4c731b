#include "value.hpp"

#include <charconv>

#include "eval_context.hpp"
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/ruby_value.hpp"
#include "ruby_text.hpp"
#include "text/ruby_float.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::record_transformer {
namespace {

using format::MpValue;

template <class T>
void append_number(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_list(std::string& out, const Value& v, const TagParts* tag) {
  out += '[';
  const size_t n = tag ? tag->size() : 0;
  for (size_t k = 0; k < n; ++k) {
    if (k) out += ", ";
    text::append_ruby_string_inspect(out, tag->get(v.list, k), false);
  }
  out += ']';
}

}  // namespace

Value value_from_msgpack(std::string_view raw) {
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  const uint8_t* end = p + raw.size();
  MpValue m;
  Value v;
  if (!format::read_item(p, end, m)) return v;
  v.raw = raw;
  switch (m.type) {
    case MpValue::kNil:
      break;
    case MpValue::kBool:
      v.type = Value::Type::kBool, v.boolean = m.boolean;
      break;
    case MpValue::kInt:
      v.type = Value::Type::kInt, v.i = m.i;
      break;
    case MpValue::kUint:
      if (m.u <= uint64_t(INT64_MAX))
        v.type = Value::Type::kInt, v.i = int64_t(m.u);
      else
        v.type = Value::Type::kUint, v.u = m.u;
      break;
    case MpValue::kFloat:
      v.type = Value::Type::kFloat, v.f = m.f;
      break;
    case MpValue::kStr:
      v.type = Value::Type::kStr, v.s = m.bytes();
      break;
    case MpValue::kBin:
      v.type = Value::Type::kBin, v.s = m.bytes();
      break;
    case MpValue::kMap:
      v.type = Value::Type::kMap, v.s = raw;
      break;
    case MpValue::kArray:
      v.type = Value::Type::kArray, v.s = raw;
      break;
    case MpValue::kExt:
      v.type = Value::Type::kExt, v.s = raw;
      break;
  }
  return v;
}

std::string_view ruby_class_name(const Value& v) {
  switch (v.type) {
    case Value::Type::kNil:
      return "NilClass";
    case Value::Type::kBool:
      return v.boolean ? "TrueClass" : "FalseClass";
    case Value::Type::kInt:
    case Value::Type::kUint:
      return "Integer";
    case Value::Type::kFloat:
      return "Float";
    case Value::Type::kStr:
    case Value::Type::kBin:
      return "String";
    case Value::Type::kMap:
      return "Hash";
    case Value::Type::kArray:
    case Value::Type::kTagList:
      return "Array";
    case Value::Type::kExt:
      return "Fluent::EventTime";
    case Value::Type::kTime:
      return "Time";
  }
  return "Object";
}

void append_to_s(std::string& out, const Value& v, const TagParts* tag) {
  switch (v.type) {
    case Value::Type::kNil:
      return;
    case Value::Type::kStr:
    case Value::Type::kBin:
      out.append(v.s);
      return;
    case Value::Type::kTime:
      append_time_to_s(out, v.time());
      return;
    default:
      append_inspect(out, v, tag);
      return;
  }
}

void append_inspect(std::string& out, const Value& v, const TagParts* tag) {
  switch (v.type) {
    case Value::Type::kNil:
      out += "nil";
      return;
    case Value::Type::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case Value::Type::kInt:
      append_number(out, v.i);
      return;
    case Value::Type::kUint:
      append_number(out, v.u);
      return;
    case Value::Type::kFloat:
      text::append_ruby_float(out, v.f);
      return;
    case Value::Type::kStr:
      text::append_ruby_string_inspect(out, v.s, false);
      return;
    case Value::Type::kBin:
      text::append_ruby_string_inspect(out, v.s, true);
      return;
    case Value::Type::kMap:
    case Value::Type::kArray:
    case Value::Type::kExt: {
      const auto* p = reinterpret_cast<const uint8_t*>(v.s.data());
      format::append_ruby_inspect(out, p, p + v.s.size(), 0, nullptr);
      return;
    }
    case Value::Type::kTime:
      append_time_to_s(out, v.time());
      return;
    case Value::Type::kTagList:
      append_list(out, v, tag);
      return;
  }
}

void write_msgpack(std::string& out, const Value& v, const TagParts* tag) {
  if (!v.raw.empty()) {
    out.append(v.raw);
    return;
  }
  switch (v.type) {
    case Value::Type::kNil:
      format::mp_nil(out);
      return;
    case Value::Type::kBool:
      format::mp_bool(out, v.boolean);
      return;
    case Value::Type::kInt:
      format::mp_int(out, v.i);
      return;
    case Value::Type::kUint:
      format::mp_uint(out, v.u);
      return;
    case Value::Type::kFloat:
      format::mp_double(out, v.f);
      return;
    case Value::Type::kStr:
      format::mp_str(out, v.s);
      return;
    case Value::Type::kBin:
      format::mp_bin(out, v.s);
      return;
    case Value::Type::kMap:
    case Value::Type::kArray:
    case Value::Type::kExt:
      out.append(v.s);
      return;
    case Value::Type::kTime: {
      std::string text;
      append_time_to_s(text, v.time());
      format::mp_str(out, text);
      return;
    }
    case Value::Type::kTagList: {
      const size_t n = tag ? tag->size() : 0;
      format::mp_array_header(out, uint32_t(n));
      for (size_t k = 0; k < n; ++k) format::mp_str(out, tag->get(v.list, k));
      return;
    }
  }
}

std::string describe_receiver(const Value& v, const TagParts* tag) {
  if (v.type == Value::Type::kNil) return "nil:NilClass";
  if (v.type == Value::Type::kBool) return v.boolean ? "true:TrueClass" : "false:FalseClass";
  std::string text;
  append_inspect(text, v, tag);
  // Ruby 3.1 shows the receiver's inspect only when it is short.
  if (text.size() > 65) text = "#<" + std::string(ruby_class_name(v)) + ">";
  text += ':';
  text += ruby_class_name(v);
  return text;
}

}  // namespace ferry::record_transformer
