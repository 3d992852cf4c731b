#pragma once
// MsgpackDoc: document.hpp's interface over MessagePack bytes. The bytes
// were validated by skipping the whole event first, but every read stays
// bounds-checked: a failure reads as "not found".
#include <string>
#include <string_view>

#include "document.hpp"
#include "format/msgpack_reader.hpp"

namespace ferry::json_extract {

class MsgpackDoc {
 public:
  using Node = const uint8_t*;  // the first byte of a value

  MsgpackDoc(const uint8_t* end) : end_(end) {}  // NOLINT: a view, cheap

  Scalar scalar(Node n) const {
    Scalar s;
    format::MpValue v;
    const uint8_t* p = n;
    if (!format::read_item(p, end_, v)) return s.kind = Scalar::kOther, s;
    switch (v.type) {
      case format::MpValue::kNil:
        s.kind = Scalar::kNil;
        break;
      case format::MpValue::kBool:
        s.kind = Scalar::kBool, s.boolean = v.boolean;
        break;
      case format::MpValue::kInt:
        s.kind = Scalar::kInt, s.i = v.i;
        break;
      case format::MpValue::kUint:
        s.kind = Scalar::kUint, s.u = v.u;
        break;
      case format::MpValue::kFloat:
        s.kind = Scalar::kFloat, s.f = v.f;
        break;
      case format::MpValue::kStr:
      case format::MpValue::kBin:
        s.kind = Scalar::kStr, s.s = v.bytes();
        break;
      case format::MpValue::kArray:
        s.kind = Scalar::kArray;
        break;
      case format::MpValue::kMap:
        s.kind = Scalar::kMap;
        break;
      case format::MpValue::kExt:
        s.kind = Scalar::kOther;
        break;
    }
    return s;
  }

  // The value of string key `key` in the map n (the last one when repeated).
  bool find_key(Node n, std::string_view key, Node& out) const {
    const uint8_t* p = n;
    format::MpValue m;
    if (!format::read_item(p, end_, m) || m.type != format::MpValue::kMap) return false;
    bool found = false;
    for (uint32_t i = 0; i < m.size; ++i) {
      std::string_view k;
      bool named = false;
      if (!read_key(p, k, named)) return false;
      if (named && k == key) found = true, out = p;
      if (!format::skip_value(p, end_)) return false;
    }
    return found;
  }

  bool at_index(Node n, int64_t index, Node& out) const {
    const uint8_t* p = n;
    format::MpValue a;
    if (!format::read_item(p, end_, a) || a.type != format::MpValue::kArray) return false;
    const int64_t i = index < 0 ? int64_t(a.size) + index : index;
    if (i < 0 || i >= int64_t(a.size)) return false;
    for (int64_t k = 0; k < i; ++k)
      if (!format::skip_value(p, end_)) return false;
    out = p;
    return true;
  }

  // fn(std::string_view key, Node value) for each entry with a string key
  // (other keys cannot name a field and are passed over).
  template <class Fn>
  bool for_each_entry(Node n, Fn&& fn) const {
    const uint8_t* p = n;
    format::MpValue m;
    if (!format::read_item(p, end_, m) || m.type != format::MpValue::kMap) return false;
    for (uint32_t i = 0; i < m.size; ++i) {
      std::string_view k;
      bool named = false;
      if (!read_key(p, k, named)) return false;
      const uint8_t* value = p;
      if (!format::skip_value(p, end_)) return false;
      if (named) fn(k, Node(value));
    }
    return true;
  }

  // Appends the node's bytes as they are.
  void write(Node n, std::string& out) const {
    const uint8_t* p = n;
    if (!format::skip_value(p, end_)) {
      out.push_back('\xc0');  // unreachable after validation; nil keeps the map whole
      return;
    }
    out.append(reinterpret_cast<const char*>(n), size_t(p - n));
  }

 private:
  // Reads the key at p: a string key's text, or skips a key of another type.
  bool read_key(const uint8_t*& p, std::string_view& key, bool& named) const {
    const uint8_t* start = p;
    format::MpValue k;
    if (!format::read_item(p, end_, k)) return false;
    named = k.type == format::MpValue::kStr || k.type == format::MpValue::kBin;
    if (named) {
      key = k.bytes();
      return true;
    }
    p = start;
    return format::skip_value(p, end_);
  }

  const uint8_t* end_;
};

}  // namespace ferry::json_extract
