/* Exports a misspelt entry point: not a Ferry plugin. */
#include "ferry/abi.h"
FERRY_EXPORT const ferry_plugin_info* ferry_plugin_entrypoint(void) {
  return NULL;
}
