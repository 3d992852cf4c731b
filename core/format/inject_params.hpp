#pragma once
#include "ferry/abi.h"

namespace ferry::format {

// The <inject> section's parameter table (plugin_helper/inject.rb), for
// FERRY_CAP_INJECT plugins; the config layer validates <inject> against it.
const ferry_param_table& inject_section_table();

// The legacy flat rows Fluentd's compat_parameters turns into an <inject>
// section when none is written (INJECT_PARAMS plus time_as_epoch):
// include_tag_key, tag_key, include_time_key, time_key, time_format,
// time_as_epoch, localtime, utc, timezone. They join the directive's own
// table (a row of the plugin's own wins); injector_new reads them.
const ferry_param_table& inject_flat_table();

}  // namespace ferry::format
