#pragma once
#include "ferry/abi.h"

namespace ferry::host {

// Fills placeholder_new/has/expand/free (ABI 1.1) and
// placeholder_new_checked (ABI 1.2) of the host API table: Fluentd's
// extract_placeholders for output parameters, checked at create() against
// the instance's <buffer> chunk keys (Instance::buffer_options(); none: any
// placeholder is an error), strictly (placeholder_validate!) or only for
// availability (ferry_placeholder_check).
void fill_placeholder_api(ferry_host_api& api);

}  // namespace ferry::host
