/* Its type_name does not match its file name. */
#include "test_plugin.h"
TEST_PLUGIN_ENTRY("other", (void)0)
