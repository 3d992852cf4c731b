/* create() refuses with a message. */
#include <string.h>

#include "test_plugin.h"
static ferry_status create_fails(const ferry_host_api* host, ferry_instance* inst,
                                 const ferry_config* cfg, void** ctx, ferry_error* err) {
  (void)host, (void)inst, (void)cfg, (void)ctx;
  strcpy(err->message, "cannot open /nonexistent/out.log: No such file or directory");
  return FERRY_ERROR;
}
TEST_PLUGIN_ENTRY("abicreatefail", info.create = create_fails)
