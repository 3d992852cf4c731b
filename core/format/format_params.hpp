#pragma once
#include "ferry/abi.h"

namespace ferry::format {

// The <format> section's parameter table: @type plus the union of every
// built-in formatter's parameters, with Fluentd's names and defaults. The
// config layer validates <format> sections of FERRY_CAP_FORMAT plugins
// against it; formatter_new() then warns about parameters the chosen
// formatter does not use, as Fluentd does.
const ferry_param_table& format_section_table();

}  // namespace ferry::format
