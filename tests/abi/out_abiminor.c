/* Built for a newer ABI minor than the host's: refused. */
#include "test_plugin.h"
TEST_PLUGIN_ENTRY("abiminor", info.abi_minor = FERRY_ABI_MINOR + 1)
