#pragma once
// The values placeholders and expressions produce, with the Ruby meaning
// Fluentd gives them: to_s for interpolation, inspect for Hash/Array text,
// and the typed MessagePack form when a <record> value is exactly one
// placeholder (auto_typecast).
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::record_transformer {

// An event time as a Ruby Time: local zone unless utc (Time#utc).
struct TimeValue {
  int64_t sec = 0;
  uint32_t nsec = 0;
  bool utc = false;
};

// Which of the tag lists a kTagList value stands for.
enum class TagList : uint8_t { kParts, kPrefix, kSuffix };

struct Value {
  enum class Type : uint8_t {
    kNil,
    kBool,
    kInt,   // int64
    kUint,  // only above INT64_MAX
    kFloat,
    kStr,    // s: UTF-8 text (a Ruby String)
    kBin,    // s: bytes (a binary Ruby String)
    kMap,    // s: the whole MessagePack map
    kArray,  // s: the whole MessagePack array
    kExt,    // s: the whole MessagePack ext value
    kTime,
    kTagList,
  };
  // Kept small (48 bytes): one is made for every placeholder evaluated.
  Type type = Type::kNil;
  bool boolean = false;
  bool utc = false;  // kTime
  TagList list = TagList::kParts;
  uint32_t nsec = 0;  // kTime
  union {
    int64_t i = 0;  // kInt; kTime: seconds
    uint64_t u;     // kUint
    double f;       // kFloat
  };
  std::string_view s;
  // The value's MessagePack bytes when it is a copy of record data: typed
  // output copies them unchanged (same integer width, str vs bin).
  std::string_view raw;

  TimeValue time() const { return TimeValue{i, nsec, utc}; }
  static Value nil() { return {}; }
  static Value of_bool(bool b) {
    Value v;
    v.type = Type::kBool;
    v.boolean = b;
    return v;
  }
  static Value of_int(int64_t i) {
    Value v;
    v.type = Type::kInt;
    v.i = i;
    return v;
  }
  static Value of_float(double f) {
    Value v;
    v.type = Type::kFloat;
    v.f = f;
    return v;
  }
  static Value of_str(std::string_view s) {
    Value v;
    v.type = Type::kStr;
    v.s = s;
    return v;
  }
  static Value of_time(TimeValue t) {
    Value v;
    v.type = Type::kTime;
    v.i = t.sec;
    v.nsec = t.nsec;
    v.utc = t.utc;
    return v;
  }
  static Value of_list(TagList l) {
    Value v;
    v.type = Type::kTagList;
    v.list = l;
    return v;
  }

  bool is_nil() const { return type == Type::kNil; }
  // Ruby truthiness: everything but nil and false.
  bool truthy() const { return !(type == Type::kNil || (type == Type::kBool && !boolean)); }
  bool is_string() const { return type == Type::kStr || type == Type::kBin; }
};

class TagParts;

// Decodes one MessagePack value (raw must hold exactly it); containers and
// ext stay as bytes. A malformed value decodes as nil.
Value value_from_msgpack(std::string_view raw);

// Ruby class name for messages ("NilClass", "String", "Hash"...).
std::string_view ruby_class_name(const Value& v);

// Ruby to_s / inspect. Tag lists need the tag to print their items.
void append_to_s(std::string& out, const Value& v, const TagParts* tag);
void append_inspect(std::string& out, const Value& v, const TagParts* tag);

// Typed MessagePack form (auto_typecast). A Time has no MessagePack form
// Fluentd could send on; Ferry writes its to_s text.
void write_msgpack(std::string& out, const Value& v, const TagParts* tag);

// Ruby's description of a receiver in NoMethodError messages (Ruby 3.1):
// "nil:NilClass", "\"abc\":String", "{\"a\"=>1}:Hash".
std::string describe_receiver(const Value& v, const TagParts* tag);

}  // namespace ferry::record_transformer
