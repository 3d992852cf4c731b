/* A valid plugin; counts how often its entry runs (the host calls it once). */
#include "test_plugin.h"
FERRY_EXPORT int ferry_test_entry_calls = 0;
TEST_PLUGIN_ENTRY("abiok", ++ferry_test_entry_calls)
