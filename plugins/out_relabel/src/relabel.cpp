// out_relabel: re-emits every batch unchanged, with its tag, to the
// instance's @label (Fluentd's `relabel` output; no buffer). The bytes are
// handed on as they are: nothing is decoded or re-encoded.
// Back-pressure from the label's pipeline (FERRY_RETRY) is passed back so
// the core retries the batch.
#include "ferry/plugin.hpp"

namespace {

class RelabelOutput : public ferry::Output {
 public:
  RelabelOutput(const ferry::Host& host, const ferry::Config&) : Output(host) {}

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    ferry_status s = host().emit(chunk.tag(), chunk.data(), chunk.size(), chunk.count());
    host().complete(token, s, s == FERRY_OK ? std::string() : "relabel target refused the events");
  }
};

constexpr ferry_param_table kParams = ferry::empty_table();

}  // namespace

FERRY_PLUGIN(RelabelOutput, FERRY_KIND_OUTPUT, "relabel", "1.0.0",
             "Re-emits events to the @label given to it", "stable", kParams, FERRY_CAP_EMITS)
