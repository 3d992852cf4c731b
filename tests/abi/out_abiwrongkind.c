/* A filter descriptor in an out_*.so file. */
#include "test_plugin.h"
static ferry_filter_result pass(void* ctx, const ferry_chunk* in, ferry_writer* out,
                                ferry_error* err) {
  (void)ctx, (void)in, (void)out, (void)err;
  return FERRY_FILTER_UNCHANGED;
}
TEST_PLUGIN_ENTRY("abiwrongkind", info.kind = FERRY_KIND_FILTER; info.filter = pass)
