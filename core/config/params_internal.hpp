#pragma once
// The validated config behind the opaque `ferry_config` of the plugin ABI.
// Private to core/config (params.cpp builds it, params_api.cpp reads it).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ferry/abi.h"

namespace ferry::config::detail {

// One row's value after validation and defaults.
struct ParamValue {
  bool present = false;  // has a value (given or default); false: nil
  bool given = false;    // the user wrote a value (config_is_set)
  std::string text;      // the text the value came from (config_string)
  int64_t integer = 0;   // INTEGER, SIZE (and TIME truncated)
  double number = 0;     // FLOAT, TIME (and INTEGER/SIZE widened)
  bool boolean = false;
  std::vector<std::string> items;                          // ARRAY
  std::vector<std::pair<std::string, std::string>> pairs;  // HASH
  std::string location;  // "file:line" of the entry, else of the section
  std::vector<std::unique_ptr<ferry_config>> sections;  // SECTION rows
};

struct RawEntry {
  std::string key;
  std::optional<std::string> value;  // nullopt: "#{use_nil}"
  std::string location;
};

}  // namespace ferry::config::detail

struct ferry_config {
  // The table's rows, copied at the host's sizeof(ferry_param) so a plugin
  // built with a shorter row reads as zeros in the newer fields.
  std::vector<ferry_param> rows;
  uint32_t table_flags = 0;
  std::vector<ferry::config::detail::ParamValue> values;  // parallel to rows
  // Row index by name; std::less<> lets C strings look up without copies.
  std::map<std::string, size_t, std::less<>> by_name;
  // Core-owned sections (<buffer>, <format>...) the caller asked for.
  std::map<std::string, std::vector<std::unique_ptr<ferry_config>>, std::less<>> core_sections;
  std::string arg;
  std::string location;  // "file:line" of the section
  // Every key written in the section: first position, last value (Ruby Hash).
  std::vector<ferry::config::detail::RawEntry> entries;

  const ferry::config::detail::ParamValue* value(std::string_view name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : &values[it->second];
  }
  const ferry_param* row(std::string_view name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : &rows[it->second];
  }
};
