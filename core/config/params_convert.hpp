#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/params_internal.hpp"
#include "config/value_types.hpp"
#include "ferry/abi.h"

namespace ferry::config {

// Converts config text to the row's type into `v` (text, typed value,
// present), then checks ENUM membership and HAS_MIN/HAS_MAX. Returns the
// error message, empty on success. A bool Fluentd reads as nil leaves
// v.present false. `c`, when given, receives the conversion warning.
std::string convert_param(const ferry_param& row, std::string_view text, detail::ParamValue& v,
                          Conversion* c = nullptr);

// The table's rows copied at the host's sizeof(ferry_param), read with the
// plugin's row_size stride: a row from an older, shorter ferry_param reads
// as zeros in the newer fields. nullopt when the table is malformed (rows
// missing, zero stride, a row without a name).
std::optional<std::vector<ferry_param>> read_param_rows(const ferry_param_table& table);

// Fluentd's type names ("string", "size", ...), for messages and docs.
const char* param_type_name(uint32_t type);

}  // namespace ferry::config
