// The out-of-tree probe plugin: an output that accepts every chunk.
#include <ferry/plugin.hpp>

namespace {

constexpr ferry_param kRows[] = {
    ferry::Param("label", FERRY_PARAM_STRING).def("probe").describe("A label for the probe"),
    ferry::Param("limit", FERRY_PARAM_SIZE).def("1m").min(1).describe("Largest chunk accepted"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

class Probe : public ferry::Output {
 public:
  Probe(const ferry::Host& host, const ferry::Config&) : Output(host) {}
  void write(const ferry::Chunk& chunk, uint64_t token) override {
    if (chunk.count() == 0) throw ferry::Unrecoverable("empty chunk");
    host().complete(token, FERRY_OK);
  }
};

}  // namespace

FERRY_PLUGIN(Probe, FERRY_KIND_OUTPUT, "sdkprobe", "0.0.1", "Out-of-tree SDK probe", "test",
             kParams, 0)
