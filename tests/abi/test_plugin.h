/* Shared pieces of the failure-mode test plugins: a descriptor that is
 * valid for an output named `name`; each plugin breaks exactly one thing. */
#ifndef FERRY_TEST_PLUGIN_H
#define FERRY_TEST_PLUGIN_H
#include <stddef.h>

#include "ferry/abi.h"

static const ferry_param test_rows[] = {
    {"path", FERRY_PARAM_STRING, FERRY_PARAM_REQUIRED, NULL, "a path", NULL, NULL, NULL, 0, 0}};
static const ferry_param_table test_params = {sizeof(ferry_param), 1, test_rows, 0};

static inline ferry_status test_create(const ferry_host_api* host, ferry_instance* inst,
                                       const ferry_config* cfg, void** ctx, ferry_error* err) {
  (void)cfg;
  (void)err;
  static struct {
    const ferry_host_api* host;
    ferry_instance* inst;
  } state;
  state.host = host;
  state.inst = inst;
  *ctx = &state;
  return FERRY_OK;
}
static inline void test_destroy(void* ctx) {
  (void)ctx;
}
static inline void test_write(void* ctx, const ferry_chunk* chunk, uint64_t token) {
  struct {
    const ferry_host_api* host;
    ferry_instance* inst;
  }* state = ctx;
  (void)chunk;
  state->host->complete(state->inst, token, FERRY_OK, NULL);
}

static inline ferry_plugin_info test_output_info(const char* name) {
  ferry_plugin_info info = {0};
  info.struct_size = sizeof(ferry_plugin_info);
  info.abi_major = FERRY_ABI_MAJOR;
  info.abi_minor = FERRY_ABI_MINOR;
  info.kind = FERRY_KIND_OUTPUT;
  info.type_name = name;
  info.version = "0.0.1";
  info.description = "loader test plugin";
  info.status = "test";
  info.params = &test_params;
  info.create = test_create;
  info.destroy = test_destroy;
  info.write = test_write;
  return info;
}

#define TEST_PLUGIN_ENTRY(name, tweak)                             \
  FERRY_EXPORT const ferry_plugin_info* ferry_plugin_entry(void) { \
    static ferry_plugin_info info;                                 \
    info = test_output_info(name);                                 \
    tweak;                                                         \
    return &info;                                                  \
  }

#endif
