/* An output without its required write callback. */
#include "test_plugin.h"
TEST_PLUGIN_ENTRY("abinowrite", info.write = NULL)
