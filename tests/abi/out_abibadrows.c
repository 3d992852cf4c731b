/* Its parameter table claims rows smaller than ABI 1.0's ferry_param. */
#include "test_plugin.h"
static const ferry_param_table small_rows = {8, 1, test_rows, 0};
TEST_PLUGIN_ENTRY("abibadrows", info.params = &small_rows)
