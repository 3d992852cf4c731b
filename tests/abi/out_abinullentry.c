/* The entry point returns no descriptor. */
#include "ferry/abi.h"
FERRY_EXPORT const ferry_plugin_info* ferry_plugin_entry(void) {
  return NULL;
}
