#include "convert.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "format/json_writer.hpp"
#include "format/msgpack_writer.hpp"
#include "text/ruby_float.hpp"

namespace ferry::json_extract {
namespace {

std::string_view trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// The whole of s as an integer (an optional leading '+' allowed).
bool whole_integer(std::string_view s, int64_t& i, uint64_t& u, bool& is_unsigned) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  if (s.front() != '-') {
    auto r = std::from_chars(s.data(), end, u);
    return is_unsigned = true, r.ec == std::errc() && r.ptr == end;
  }
  auto r = std::from_chars(s.data(), end, i);
  return is_unsigned = false, r.ec == std::errc() && r.ptr == end;
}

bool whole_float(std::string_view s, double& d) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, d, std::chars_format::general);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(d);
}

bool truncated(double d, std::string& out) {
  // 2^63 is exactly representable; anything at or past it does not fit.
  if (!std::isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) return false;
  format::mp_int(out, int64_t(std::trunc(d)));
  return true;
}

bool to_integer(const Scalar& s, std::string& out) {
  switch (s.kind) {
    case Scalar::kInt:
      format::mp_int(out, s.i);
      return true;
    case Scalar::kUint:
      format::mp_uint(out, s.u);
      return true;
    case Scalar::kFloat:
      return truncated(s.f, out);
    case Scalar::kStr: {
      const std::string_view t = trim(s.s);
      int64_t i = 0;
      uint64_t u = 0;
      bool is_unsigned = false;
      if (whole_integer(t, i, u, is_unsigned)) {
        if (is_unsigned)
          format::mp_uint(out, u);
        else
          format::mp_int(out, i);
        return true;
      }
      double d = 0;
      return whole_float(t, d) && truncated(d, out);
    }
    default:
      return false;
  }
}

bool to_float(const Scalar& s, std::string& out) {
  switch (s.kind) {
    case Scalar::kInt:
      format::mp_double(out, double(s.i));
      return true;
    case Scalar::kUint:
      format::mp_double(out, double(s.u));
      return true;
    case Scalar::kFloat:
      format::mp_double(out, s.f);
      return true;
    case Scalar::kStr: {
      double d = 0;
      if (!whole_float(trim(s.s), d)) return false;
      format::mp_double(out, d);
      return true;
    }
    default:
      return false;
  }
}

bool to_string(const Scalar& s, std::string& out, std::string& scratch) {
  char buf[32];
  switch (s.kind) {
    case Scalar::kStr:
      format::mp_str(out, s.s);
      return true;
    case Scalar::kInt: {
      auto r = std::to_chars(buf, buf + sizeof buf, s.i);
      format::mp_str(out, std::string_view(buf, size_t(r.ptr - buf)));
      return true;
    }
    case Scalar::kUint: {
      auto r = std::to_chars(buf, buf + sizeof buf, s.u);
      format::mp_str(out, std::string_view(buf, size_t(r.ptr - buf)));
      return true;
    }
    case Scalar::kFloat: {
      scratch.clear();
      text::append_ruby_float(scratch, s.f);
      format::mp_str(out, scratch);
      return true;
    }
    case Scalar::kBool:
      format::mp_str(out, s.boolean ? "true" : "false");
      return true;
    default:
      return false;
  }
}

bool to_bool(const Scalar& s, std::string& out) {
  switch (s.kind) {
    case Scalar::kBool:
      format::mp_bool(out, s.boolean);
      return true;
    case Scalar::kInt:
      format::mp_bool(out, s.i != 0);
      return true;
    case Scalar::kUint:
      format::mp_bool(out, s.u != 0);
      return true;
    case Scalar::kFloat:
      format::mp_bool(out, s.f != 0.0);
      return true;
    case Scalar::kStr: {
      const std::string_view t = trim(s.s);
      if (t == "true" || t == "yes" || t == "1") return format::mp_bool(out, true), true;
      if (t == "false" || t == "no" || t == "0") return format::mp_bool(out, false), true;
      return false;
    }
    default:
      return false;
  }
}

}  // namespace

FieldType field_type_from(std::string_view text) {
  if (text == "integer") return FieldType::kInteger;
  if (text == "float") return FieldType::kFloat;
  if (text == "string") return FieldType::kString;
  if (text == "bool") return FieldType::kBool;
  throw std::invalid_argument("unknown field type '" + std::string(text) +
                              "' (integer, float, string, bool)");
}

bool write_converted(const Scalar& s, FieldType type, std::string& out, std::string& scratch) {
  switch (type) {
    case FieldType::kInteger:
      return to_integer(s, out);
    case FieldType::kFloat:
      return to_float(s, out);
    case FieldType::kString:
      return to_string(s, out, scratch);
    case FieldType::kBool:
      return to_bool(s, out);
    case FieldType::kAsIs:
      break;
  }
  return false;
}

bool write_json_text(std::string_view msgpack, std::string& out, std::string& scratch) {
  scratch.clear();
  const auto* p = reinterpret_cast<const uint8_t*>(msgpack.data());
  if (!format::append_json(scratch, p, p + msgpack.size(), format::JsonStyle::kOj, nullptr))
    return false;
  format::mp_str(out, scratch);
  return true;
}

}  // namespace ferry::json_extract
