#pragma once
#include "ferry/abi.h"

namespace ferry::format {

// Fills formatter_new/formatter_format/formatter_free of the host API table
// (the core side of FERRY_CAP_FORMAT). formatter_new reads the validated
// <format> section through the config_* members of that same table, which
// must be filled and outlive every formatter.
void fill_formatter_api(ferry_host_api& api);

}  // namespace ferry::format
