#pragma once
// grep's parameter table (Fluentd's names, sections and defaults) and the
// reading of a validated config into Settings.
#include "ferry/abi.h"
#include "ferry/host.hpp"
#include "grep_rules.hpp"

namespace ferry::grep {

extern const ferry_param_table kParams;

// Reads the validated config (valid during create() only).
Settings read_settings(const ferry::Config& cfg);

}  // namespace ferry::grep
