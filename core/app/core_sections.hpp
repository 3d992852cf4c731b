#pragma once
#include <cstdint>

#include "config/params.hpp"

namespace ferry::app {

// The core-owned sections a plugin accepts, by its capability bits:
// <format> (FERRY_CAP_FORMAT) validated against the formatter table, and
// copy's <store>s (FERRY_CAP_CHILDREN), which the engine validates itself as
// output plugins (a null table tells validate_params to leave them alone).
config::CoreSections core_sections_for(uint64_t capabilities);

}  // namespace ferry::app
