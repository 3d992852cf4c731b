// filter_record_transformer: Fluentd's record_transformer as a Ferry plugin.
// The work is in RecordRewriter; this file connects it to the host.
#include <string>
#include <vector>

#include "ferry/plugin.hpp"
#include "record_rewriter.hpp"
#include "settings.hpp"

namespace ferry::record_transformer {
namespace {

// Warnings to the plugin's log, failed records to the error stream.
class HostSink : public RecordSink {
 public:
  HostSink(const ferry::Host& host, std::string_view tag) : host_(host), tag_(tag) {}
  void warn(std::string_view message) override { host_.warn(message); }
  void error_event(std::string_view event, const std::string& reason,
                   const char* error_class) override {
    host_.emit_error(tag_, event, reason, error_class);
  }

 private:
  const ferry::Host& host_;
  std::string_view tag_;
};

RecordRewriter make_rewriter(const ferry::Host& host, const ferry::Config& cfg) {
  std::vector<std::string> warnings;
  try {
    RecordRewriter rewriter(read_settings(cfg, host.hostname()), warnings);
    for (const std::string& w : warnings) host.warn(w);
    return rewriter;
  } catch (const std::invalid_argument& e) {
    throw ferry::ConfigError(e.what());
  }
}

class RecordTransformer : public ferry::Filter {
 public:
  RecordTransformer(const ferry::Host& host, const ferry::Config& cfg)
      : Filter(host), rewriter_(make_rewriter(host, cfg)) {}

  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer& out) override {
    if (rewriter_.is_noop()) return FERRY_FILTER_UNCHANGED;
    buffer_.clear();
    HostSink sink(host(), in.tag());
    const uint32_t count = rewriter_.rewrite(in.tag(), in.bytes(), buffer_, sink);
    if (count > 0) out.append(buffer_, count);
    return FERRY_FILTER_REWRITTEN;
  }

 private:
  RecordRewriter rewriter_;
  std::string buffer_;  // the rewritten batch, reused across batches
};

}  // namespace
}  // namespace ferry::record_transformer

FERRY_PLUGIN(ferry::record_transformer::RecordTransformer, FERRY_KIND_FILTER, "record_transformer",
             "1.0.0", "Adds, rewrites and removes record fields with ${...} placeholders", "stable",
             ferry::record_transformer::kParams, 0)
