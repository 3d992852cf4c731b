// out_null: throws every event away (Fluentd's `null` output). With
// `never_flush true` every write fails with "failed to flush" so that retry
// and error paths can be tested, as in Fluentd.
// Unbuffered unless the config has a <buffer> section (Fluentd's
// prefer_buffered_processing false), then buffered by the core with
// Fluentd's section defaults (chunk_keys tag, flush_at_shutdown true,
// chunk_limit_size 10k); a write completes at once either way.
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

constexpr ferry_param kRows[] = {
    ferry::Param("never_flush", FERRY_PARAM_BOOL)
        .def("false")
        .describe("Test aid: every write fails (\"failed to flush\") and is retried"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

FERRY_BUFFERED_PLUGIN(NullOutput, "null", "1.0.0", "Discards events", "stable", kParams, 0,
                      FERRY_BUFFER_WHEN_CONFIGURED,
                      "chunk_keys tag\nflush_at_shutdown true\nchunk_limit_size 10k")
