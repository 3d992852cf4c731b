// out_null: throws every event away (Fluentd's `null` output). With
// `never_flush true` every write fails with "failed to flush" so that retry
// and error paths can be tested, as in Fluentd.
// Unbuffered: a write completes at once.
// <buffer> is not supported yet (buffers come in a later issue).
#include "ferry/plugin.hpp"

namespace {

class NullOutput : public ferry::Output {
 public:
  NullOutput(const ferry::Host& host, const ferry::Config& cfg)
      : Output(host), never_flush_(cfg.boolean("never_flush").value_or(false)) {}

  void write(const ferry::Chunk&, uint64_t token) override {
    if (never_flush_) return host().complete(token, FERRY_RETRY, "failed to flush");
    host().complete(token, FERRY_OK);
  }

 private:
  bool never_flush_;
};

constexpr ferry_param_table kAnySection =
    ferry::empty_table(FERRY_TABLE_ANY_KEYS | FERRY_TABLE_HAS_ARG);

constexpr ferry_param kRows[] = {
    ferry::Param("never_flush", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Test aid: every write fails (\"failed to flush\") and is retried"),
    ferry::Param("buffer", FERRY_PARAM_SECTION)
        .section(&kAnySection)
        .unsupported()
        .describe("Not supported yet: buffering comes in a later release"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_PLUGIN(NullOutput, FERRY_KIND_OUTPUT, "null", "1.0.0", "Discards events", "stable", kParams,
             0)
