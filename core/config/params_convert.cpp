#include "config/params_convert.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace ferry::config {
namespace {

std::string format_number(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

// Fluentd's enum error, word for word (lib/fluent/config/types.rb).
std::string check_enum(const ferry_param& row, std::string_view text) {
  std::string list;
  if (row.enum_values) {
    for (const char* const* e = row.enum_values; *e; ++e) {
      if (text == *e) return {};
      if (!list.empty()) list += ',';
      list += *e;
    }
  }
  return "valid options are " + list + " but got " + std::string(text);
}

std::string check_range(const ferry_param& row, double value) {
  const std::string name = row.name;
  if ((row.flags & FERRY_PARAM_HAS_MIN) && value < row.min_value)
    return "'" + name + "' must be at least " + format_number(row.min_value) + " but got " +
           format_number(value);
  if ((row.flags & FERRY_PARAM_HAS_MAX) && value > row.max_value)
    return "'" + name + "' must be at most " + format_number(row.max_value) + " but got " +
           format_number(value);
  return {};
}

// Fluentd's regexp_value: "/re/flags" needs its closing slash within the
// last three characters; the pattern itself is compiled by the plugin.
std::string check_regexp(std::string_view text) {
  if (text.empty() || text.front() != '/') return {};
  size_t right = text.rfind('/');
  if (right + 3 < text.size() || right == 0)
    return "invalid regexp: missing right slash: " + std::string(text);
  return {};
}

}  // namespace

std::optional<std::vector<ferry_param>> read_param_rows(const ferry_param_table& table) {
  std::vector<ferry_param> rows;
  if (table.count == 0) return rows;
  if (!table.rows || table.row_size == 0) return std::nullopt;
  size_t n = std::min<size_t>(table.row_size, sizeof(ferry_param));
  const char* base = reinterpret_cast<const char*>(table.rows);
  rows.reserve(table.count);
  for (uint32_t i = 0; i < table.count; ++i) {
    ferry_param row{};
    std::memcpy(&row, base + static_cast<size_t>(i) * table.row_size, n);
    if (!row.name) return std::nullopt;
    rows.push_back(row);
  }
  return rows;
}

const char* param_type_name(uint32_t type) {
  switch (type) {
    case FERRY_PARAM_STRING:
      return "string";
    case FERRY_PARAM_INTEGER:
      return "integer";
    case FERRY_PARAM_FLOAT:
      return "float";
    case FERRY_PARAM_SIZE:
      return "size";
    case FERRY_PARAM_TIME:
      return "time";
    case FERRY_PARAM_BOOL:
      return "bool";
    case FERRY_PARAM_ENUM:
      return "enum";
    case FERRY_PARAM_ARRAY:
      return "array";
    case FERRY_PARAM_HASH:
      return "hash";
    case FERRY_PARAM_REGEXP:
      return "regexp";
    case FERRY_PARAM_SECTION:
      return "section";
    default:
      return "unknown";
  }
}

std::string convert_param(const ferry_param& row, std::string_view text, detail::ParamValue& v,
                          Conversion* c) {
  Conversion local;
  Conversion& conv = c ? *c : local;
  v.text = std::string(text);
  v.present = true;
  switch (row.type) {
    case FERRY_PARAM_STRING:
      return {};
    case FERRY_PARAM_ENUM:
      return check_enum(row, text);
    case FERRY_PARAM_REGEXP:
      return check_regexp(text);
    case FERRY_PARAM_INTEGER:
    case FERRY_PARAM_SIZE: {
      auto r = row.type == FERRY_PARAM_INTEGER ? to_integer(text, conv) : to_size(text, conv);
      if (!r) return conv.error;
      v.integer = *r;
      v.number = static_cast<double>(*r);
      return check_range(row, v.number);
    }
    case FERRY_PARAM_FLOAT:
    case FERRY_PARAM_TIME: {
      auto r = row.type == FERRY_PARAM_FLOAT ? to_float(text, conv) : to_time(text, conv);
      if (!r) return conv.error;
      v.number = *r;
      // Clamped: a cast of an out-of-range double is undefined.
      v.integer = static_cast<int64_t>(std::clamp(*r, -9.2e18, 9.2e18));
      return check_range(row, v.number);
    }
    case FERRY_PARAM_BOOL: {
      auto r = to_bool(text, conv);
      if (!r) {
        v.present = false;
        return conv.error;
      }
      v.boolean = *r;
      return {};
    }
    case FERRY_PARAM_ARRAY: {
      auto r = to_array(text, conv);
      if (!r) return conv.error;
      v.items = std::move(*r);
      return {};
    }
    case FERRY_PARAM_HASH: {
      auto r = to_hash(text, conv);
      if (!r) return conv.error;
      v.pairs = std::move(*r);
      return {};
    }
    default:
      return "parameter '" + std::string(row.name) + "' has an unknown type " +
             std::to_string(row.type) + " (plugin bug)";
  }
}

}  // namespace ferry::config
