#pragma once
// The two kinds of document json_extract reads, behind one small interface
// the extractor is written against (as a template, so each is inlined):
//   MsgpackDoc - a MessagePack value: the record itself, or a map inside it;
//   JsonDoc    - a JSON text from source_key, parsed once with simdjson's
//                DOM parser (runtime-dispatched SIMD kernels) and read in
//                place: nothing is converted that is not written out.
// Both give: kind and scalar value of a node, key lookup (the last of
// duplicated keys, as Ruby's parsers keep it), array index, iteration over a
// map's entries, and writing a node as MessagePack.
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::json_extract {

// The value of a node, enough to convert and filter it.
struct Scalar {
  enum Kind : uint8_t { kNil, kBool, kInt, kUint, kFloat, kStr, kArray, kMap, kOther };
  Kind kind = kNil;
  bool boolean = false;
  int64_t i = 0;   // kInt: negative integers only
  uint64_t u = 0;  // kUint
  double f = 0;
  std::string_view s;  // kStr (MessagePack bin too)

  bool is_number() const { return kind == kInt || kind == kUint || kind == kFloat; }
};

}  // namespace ferry::json_extract
