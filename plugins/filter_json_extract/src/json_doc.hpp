#pragma once
// JsonDoc: document.hpp's interface over a JSON text parsed with simdjson's
// DOM parser. The DOM parser goes through the installed library's runtime
// dispatch (AVX2/AVX-512 kernels when the CPU has them), unlike On-Demand
// code compiled into our own objects, which gets the kernel our compile
// flags allow (the portable fallback for a baseline x86-64 build).
#include <simdjson.h>

#include <string>
#include <string_view>

#include "document.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::json_extract {

class JsonDoc {
 public:
  using Node = simdjson::dom::element;

  Scalar scalar(Node n) const {
    Scalar s;
    using T = simdjson::dom::element_type;
    switch (n.type()) {
      case T::NULL_VALUE:
        s.kind = Scalar::kNil;
        break;
      case T::BOOL:
        s.kind = Scalar::kBool, s.boolean = n.get_bool().value_unsafe();
        break;
      case T::INT64: {
        const int64_t i = n.get_int64().value_unsafe();
        if (i < 0)
          s.kind = Scalar::kInt, s.i = i;
        else
          s.kind = Scalar::kUint, s.u = uint64_t(i);
        break;
      }
      case T::UINT64:
        s.kind = Scalar::kUint, s.u = n.get_uint64().value_unsafe();
        break;
      case T::DOUBLE:
        s.kind = Scalar::kFloat, s.f = n.get_double().value_unsafe();
        break;
      case T::STRING:
        s.kind = Scalar::kStr, s.s = n.get_string().value_unsafe();
        break;
      case T::ARRAY:
        s.kind = Scalar::kArray;
        break;
      case T::OBJECT:
        s.kind = Scalar::kMap;
        break;
    }
    return s;
  }

  // The last of duplicated keys, as Ruby's JSON parsers keep it.
  bool find_key(Node n, std::string_view key, Node& out) const {
    simdjson::dom::object obj;
    if (n.get_object().get(obj)) return false;
    bool found = false;
    for (simdjson::dom::key_value_pair field : obj)
      if (field.key == key) found = true, out = field.value;
    return found;
  }

  bool at_index(Node n, int64_t index, Node& out) const {
    simdjson::dom::array arr;
    if (n.get_array().get(arr)) return false;
    if (index < 0) index += int64_t(arr.size());
    if (index < 0) return false;
    return arr.at(size_t(index)).get(out) == simdjson::SUCCESS;
  }

  template <class Fn>
  bool for_each_entry(Node n, Fn&& fn) const {
    simdjson::dom::object obj;
    if (n.get_object().get(obj)) return false;
    for (simdjson::dom::key_value_pair field : obj) fn(field.key, field.value);
    return true;
  }

  // Appends the node as MessagePack (keys in document order).
  void write(Node n, std::string& out) const {
    using T = simdjson::dom::element_type;
    switch (n.type()) {
      case T::NULL_VALUE:
        format::mp_nil(out);
        return;
      case T::BOOL:
        format::mp_bool(out, n.get_bool().value_unsafe());
        return;
      case T::INT64:
        format::mp_int(out, n.get_int64().value_unsafe());
        return;
      case T::UINT64:
        format::mp_uint(out, n.get_uint64().value_unsafe());
        return;
      case T::DOUBLE:
        format::mp_double(out, n.get_double().value_unsafe());
        return;
      case T::STRING:
        format::mp_str(out, n.get_string().value_unsafe());
        return;
      case T::ARRAY: {
        simdjson::dom::array arr = n.get_array().value_unsafe();
        const size_t mark = format::mp_begin_container(out);
        uint32_t count = 0;
        for (Node item : arr) write(item, out), ++count;
        format::mp_end_array(out, mark, count);
        return;
      }
      case T::OBJECT: {
        simdjson::dom::object obj = n.get_object().value_unsafe();
        const size_t mark = format::mp_begin_container(out);
        uint32_t count = 0;
        for (simdjson::dom::key_value_pair field : obj) {
          format::mp_str(out, field.key);
          write(field.value, out);
          ++count;
        }
        format::mp_end_map(out, mark, count);
        return;
      }
    }
  }
};

// Parses JSON texts one after another into the same reused buffers: after
// the largest text has been seen once, parsing allocates nothing. A root
// stays valid until the next parse().
class JsonParser {
 public:
  JsonParser();
  // False with *error ("invalid JSON: <reason>") when the text is not one
  // JSON value or nests deeper than format::kMaxDepth.
  bool parse(std::string_view json, JsonDoc::Node& root, std::string* error);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace ferry::json_extract
