/* Built for a different ABI major: refused. */
#include "test_plugin.h"
TEST_PLUGIN_ENTRY("abimajor", info.abi_major = FERRY_ABI_MAJOR + 1)
