#pragma once
#include "ferry/abi.h"

namespace ferry::host {

// Fills placeholder_new/has/expand/free of the host API table (ABI 1.1):
// Fluentd's extract_placeholders for output parameters, checked at
// create() against the instance's <buffer> chunk keys
// (Instance::buffer_options(); none: any placeholder is an error).
void fill_placeholder_api(ferry_host_api& api);

}  // namespace ferry::host
