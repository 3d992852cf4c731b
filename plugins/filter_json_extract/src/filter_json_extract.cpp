// filter_json_extract: Ferry's own filter turning nested JSON (a Jolokia
// read answer, a message field holding JSON) into flat records. The work is
// in Extractor; this file connects it to the host.
#include <string>

#include "extractor.hpp"
#include "ferry/plugin.hpp"
#include "settings.hpp"

namespace ferry::json_extract {
namespace {

// Log lines to the plugin's log, failed records to the error stream.
class HostSink : public ExtractSink {
 public:
  HostSink(const ferry::Host& host, std::string_view tag) : host_(host), tag_(tag) {}
  bool debug_enabled() const override { return host_.log_enabled(FERRY_LOG_DEBUG); }
  void debug(std::string_view message) override { host_.log(FERRY_LOG_DEBUG, message); }
  void warn(std::string_view message) override { host_.log(FERRY_LOG_WARN, message); }
  void error_event(std::string_view event, const std::string& reason) override {
    host_.emit_error(tag_, event, reason);
  }

 private:
  const ferry::Host& host_;
  std::string_view tag_;
};

Extractor make_extractor(const ferry::Config& cfg) {
  try {
    return Extractor(read_settings(cfg));
  } catch (const std::invalid_argument& e) {
    throw ferry::ConfigError(e.what());
  }
}

class JsonExtract : public ferry::Filter {
 public:
  JsonExtract(const ferry::Host& host, const ferry::Config& cfg)
      : Filter(host), extractor_(make_extractor(cfg)) {}

  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer& out) override {
    buffer_.clear();
    HostSink sink(host(), in.tag());
    const uint32_t count = extractor_.run(in.bytes(), buffer_, sink);
    if (count > 0) out.append(buffer_, count);
    return FERRY_FILTER_REWRITTEN;
  }

 private:
  Extractor extractor_;
  std::string buffer_;  // the output batch, reused across batches
};

}  // namespace
}  // namespace ferry::json_extract

FERRY_PLUGIN(ferry::json_extract::JsonExtract, FERRY_KIND_FILTER, "json_extract", "1.0.0",
             "Turns nested JSON (Jolokia reads, JSON in a field) into flat records", "stable",
             ferry::json_extract::kParams, 0)
