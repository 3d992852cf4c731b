#pragma once
#include "ferry/abi.h"

namespace ferry::parse {

// Fills parser_new/parser_parse/parser_feed/parser_free and
// extractor_new/extractor_apply/extractor_free of the host API table (the
// core side of FERRY_CAP_PARSE and FERRY_CAP_EXTRACT). The *_new functions
// read the validated sections through the config_* members of that same
// table (and warn through its log member), so it must be filled and outlive
// every parser and extractor.
void fill_parser_api(ferry_host_api& api);

}  // namespace ferry::parse
