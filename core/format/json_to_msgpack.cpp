#include "format/json_to_msgpack.hpp"

#include <simdjson.h>

#include <cstring>

#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"

namespace ferry::format {

namespace od = simdjson::ondemand;
using simdjson::error_code;

struct JsonToMsgpack::Impl {
  od::parser parser;
  std::string padded;  // the input copied with simdjson's required padding
  std::string& out() { return *out_; }
  std::string* out_ = nullptr;
  error_code too_deep = simdjson::DEPTH_ERROR;

  // Scalars: shared by values and by a scalar document root.
  template <class T>
  error_code number(T& v) {
    od::number_type nt;
    if (auto e = v.get_number_type().get(nt)) return e;
    if (nt == od::number_type::signed_integer) {
      int64_t i;
      if (v.get_int64().get(i) == simdjson::SUCCESS) return mp_int(out(), i), simdjson::SUCCESS;
    } else if (nt == od::number_type::unsigned_integer) {
      uint64_t u;
      if (v.get_uint64().get(u) == simdjson::SUCCESS) return mp_uint(out(), u), simdjson::SUCCESS;
    }
    double d;
    if (auto e = v.get_double().get(d)) return e;
    mp_double(out(), d);
    return simdjson::SUCCESS;
  }

  template <class T>
  error_code value(T& v, int depth) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    switch (t) {
      case od::json_type::object: {
        od::object obj;
        if (auto e = v.get_object().get(obj)) return e;
        return object(obj, depth + 1);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return e;
        return array(arr, depth + 1);
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return e;
        mp_str(out(), s);
        return simdjson::SUCCESS;
      }
      case od::json_type::number:
        return number(v);
      case od::json_type::boolean: {
        bool b;
        if (auto e = v.get_bool().get(b)) return e;
        mp_bool(out(), b);
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        bool is_null;
        if (auto e = v.is_null().get(is_null)) return e;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        mp_nil(out());
        return simdjson::SUCCESS;
      }
    }
    return simdjson::TAPE_ERROR;
  }

  error_code object(od::object& obj, int depth) {
    if (depth > kMaxDepth) return too_deep;
    size_t mark = mp_begin_container(out());
    uint32_t count = 0;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      mp_str(out(), key);
      od::value v = field.value();
      if (auto e = value(v, depth)) return e;
      ++count;
    }
    mp_end_map(out(), mark, count);
    return simdjson::SUCCESS;
  }

  error_code array(od::array& arr, int depth) {
    if (depth > kMaxDepth) return too_deep;
    size_t mark = mp_begin_container(out());
    uint32_t count = 0;
    for (auto item_result : arr) {
      od::value v;
      if (auto e = std::move(item_result).get(v)) return e;
      if (auto e = value(v, depth)) return e;
      ++count;
    }
    mp_end_array(out(), mark, count);
    return simdjson::SUCCESS;
  }
};

JsonToMsgpack::JsonToMsgpack() : impl_(std::make_unique<Impl>()) {}
JsonToMsgpack::~JsonToMsgpack() = default;

bool JsonToMsgpack::convert(std::string_view json, std::string& out, std::string* error) {
  Impl& m = *impl_;
  m.padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(m.padded.data(), json.data(), json.size());
  std::memset(m.padded.data() + json.size(), ' ', simdjson::SIMDJSON_PADDING);
  const size_t before = out.size();
  m.out_ = &out;

  od::document doc;
  error_code e =
      m.parser.iterate(simdjson::padded_string_view(m.padded.data(), json.size(), m.padded.size()))
          .get(doc);
  const bool have_doc = !e;  // a failed iterate() leaves doc unusable
  if (!e) e = m.value(doc, 0);
  // Past the root value the iterator must be at the end: anything else is
  // trailing content (whitespace is not indexed).
  if (!e && doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    e = simdjson::TRAILING_CONTENT;
  }
  if (!e) return true;

  out.resize(before);
  if (error) {
    const char* at = nullptr;
    std::string where;
    if (have_doc && doc.current_location().get(at) == simdjson::SUCCESS && at >= m.padded.data() &&
        at <= m.padded.data() + json.size()) {
      where = " at byte " + std::to_string(at - m.padded.data());
    }
    *error = "invalid JSON" + where + ": " +
             (e == m.too_deep ? std::string("nested too deeply") : simdjson::error_message(e));
  }
  return false;
}

}  // namespace ferry::format
