#pragma once
// filter_parser's parameter table (Fluentd's names and defaults plus the
// flat legacy <parse> parameters) and the reading of a validated config.
#include <optional>
#include <string>

#include "ferry/abi.h"
#include "ferry/host.hpp"
#include "format/record_accessor.hpp"

namespace ferry::parser_filter {

extern const ferry_param_table kParams;

struct Settings {
  std::string key_name;
  format::RecordAccessor key;  // key_name as a record accessor
  bool reserve_data = false;
  bool reserve_time = false;
  bool remove_key_name_field = false;
  bool replace_invalid_sequence = false;
  std::optional<std::string> inject_key_prefix;
  std::optional<std::string> hash_value_field;
  bool emit_invalid_record_to_error = true;
  // For parser_new: the <parse> section (nullptr when only flat
  // parameters stand for it) and the defaults they convert to.
  const ferry_config* parse_section = nullptr;
  std::string parse_defaults;
};

// Valid during create() only; throws ferry::ConfigError with the place.
Settings read_settings(const ferry::Config& cfg);

}  // namespace ferry::parser_filter
