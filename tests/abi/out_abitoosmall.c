/* Claims a descriptor smaller than ABI 1.0's (an SDK that predates it). */
#include "test_plugin.h"
TEST_PLUGIN_ENTRY("abitoosmall", info.struct_size = offsetof(ferry_plugin_info, create))
