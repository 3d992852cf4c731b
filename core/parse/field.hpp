#pragma once
#include <cstdint>
#include <string_view>

namespace ferry::parse {

// One value of a record being built, without copying it: text found by a
// text parser, or MessagePack bytes taken from a json/msgpack input.
struct FieldValue {
  enum Kind : uint8_t {
    kText,     // a string (view into the input)
    kNil,      // Ruby nil
    kMsgpack,  // one whole MessagePack item (view into a decoded buffer)
    kInt,      // an integer computed by the parser (apache2 code/size, pri)
  };
  Kind kind = kNil;
  std::string_view data;  // kText: the text; kMsgpack: the item's bytes
  int64_t i = 0;          // kInt

  static FieldValue text(std::string_view s) { return {kText, s, 0}; }
  static FieldValue nil() { return {}; }
  static FieldValue msgpack(std::string_view bytes) { return {kMsgpack, bytes, 0}; }
  static FieldValue integer(int64_t v) { return {kInt, {}, v}; }
};

// A record field. Keys are strings, except in msgpack input where a key may
// be any item: then raw_key holds its bytes and key is empty.
struct Field {
  std::string_view key;
  std::string_view raw_key;
  FieldValue value;
};

}  // namespace ferry::parse
