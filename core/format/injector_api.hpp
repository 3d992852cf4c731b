#pragma once
#include "ferry/abi.h"

namespace ferry::format {

// Fills injector_new/injector_enabled/injector_apply/injector_free of the
// host API table (the core side of FERRY_CAP_INJECT). injector_new reads
// the directive's <inject> section or legacy flat rows through the
// config_* members of that same table, which must be filled and outlive
// every injector.
void fill_injector_api(ferry_host_api& api);

}  // namespace ferry::format
