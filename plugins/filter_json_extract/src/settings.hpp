#pragma once
// json_extract's parameter table (the single source for validation,
// defaults, --dry-run and `ferry plugins describe`) and the reading of a
// validated config into Settings.
#include "extractor.hpp"
#include "ferry/abi.h"
#include "ferry/host.hpp"

namespace ferry::json_extract {

extern const ferry_param_table kParams;

// Reads the validated config (valid during create() only). Throws
// std::invalid_argument for values the table cannot check.
Settings read_settings(const ferry::Config& cfg);

}  // namespace ferry::json_extract
