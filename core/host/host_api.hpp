#pragma once
#include "ferry/abi.h"

namespace ferry::host {

// The process-wide table handed to every plugin's create(): the host's own
// services plus config_* (config::fill_config_api) and formatter_*
// (format::fill_formatter_api). Built once, never changes.
const ferry_host_api& host_api();

// Fills the header and every member the host itself serves (all but
// config_* and formatter_*), which is all an instance needs outside create.
void fill_instance_api(ferry_host_api& api);

}  // namespace ferry::host
