#pragma once
// record_transformer's parameter table (the single source for validation,
// defaults, --dry-run and `ferry plugins describe`) and the reading of a
// validated config into Settings.
#include <string_view>

#include "ferry/abi.h"
#include "ferry/host.hpp"
#include "record_rewriter.hpp"

namespace ferry::record_transformer {

extern const ferry_param_table kParams;

// Reads the validated config (valid during create() only).
Settings read_settings(const ferry::Config& cfg, std::string_view hostname);

}  // namespace ferry::record_transformer
