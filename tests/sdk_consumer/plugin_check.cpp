// plugin_check <path.so> <kind: input|filter|output> <type>
// Loads a plugin through the host loader, prints its descriptor, then
// creates it (no config reads: the probe has none) and writes one chunk.
// Exit 0 when every step works; the message says which step failed.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <string>

#include "host/host_api.hpp"
#include "host/instance.hpp"
#include "host/plugin_module.hpp"

int main(int argc, char** argv) {
  using namespace ferry::host;
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <plugin.so> <input|filter|output> <type>\n", argv[0]);
    return 2;
  }
  std::string k = argv[2];
  ferry_kind kind = k == "input"    ? FERRY_KIND_INPUT
                    : k == "filter" ? FERRY_KIND_FILTER
                                    : FERRY_KIND_OUTPUT;
  ModuleResult r = load_module(argv[1]);
  if (!r.module) {
    std::fprintf(stderr, "load: %s\n", r.error.c_str());
    return 1;
  }
  if (std::string e = check_identity(*r.module, kind, argv[3]); !e.empty()) {
    std::fprintf(stderr, "identity: %s\n", e.c_str());
    return 1;
  }
  const ferry_plugin_info& info = r.module->info;
  std::printf("type=%s version=%s status=%s abi=%u.%u params=%u first=%s\n", info.type_name,
              info.version, info.status, info.abi_major, info.abi_minor, info.params->count,
              info.params->count ? info.params->rows[0].name : "-");
  ferry_host_api api{};
  fill_instance_api(api);
  boost::asio::io_context loop;
  Instance inst(r.module, {&api, &loop, "probe", -1});
  std::string error;
  if (!inst.create(nullptr, error) || !inst.start(error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  if (kind == FERRY_KIND_OUTPUT) {
    ferry_status got = FERRY_ERROR;
    inst.write("sdk.probe", ferry::EventBatch("x", 1),
               [&](ferry_status s, std::string_view) { got = s; });
    std::printf("write=%d\n", int(got));
    if (got != FERRY_OK) return 1;
  }
  inst.destroy();
  return 0;
}
