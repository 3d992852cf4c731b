#pragma once
#include "ferry/abi.h"

namespace ferry::parse {

// The <parse> section's parameter table: @type plus the union of every
// built-in parser's parameters, with Fluentd's names and defaults (nil where
// the default depends on the parser). The config layer validates <parse>
// sections of FERRY_CAP_PARSE plugins against it; parser_new() then warns
// about parameters the chosen parser does not use.
const ferry_param_table& parse_section_table();

// The <extract> section (plugin_helper/extract.rb) of FERRY_CAP_EXTRACT
// plugins such as in_exec.
const ferry_param_table& extract_section_table();

}  // namespace ferry::parse
