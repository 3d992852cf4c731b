// filter_grep: Fluentd's grep filter as a Ferry plugin. The matching is in
// GrepRules; this file walks the batch and hands back what is kept.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ferry/plugin.hpp"
#include "format/msgpack_reader.hpp"
#include "grep_rules.hpp"
#include "settings.hpp"

namespace ferry::grep {
namespace {

class HostSink : public GrepSink {
 public:
  explicit HostSink(const ferry::Host& host) : host_(host) {}
  void info(std::string_view message) override { host_.log(FERRY_LOG_INFO, message); }
  void warn(std::string_view message) override { host_.log(FERRY_LOG_WARN, message); }

 private:
  const ferry::Host& host_;
};

GrepRules make_rules(const ferry::Host& host, const ferry::Config& cfg) {
  std::vector<std::string> infos;
  try {
    GrepRules rules(read_settings(cfg), infos);
    for (const std::string& line : infos) host.info(line);
    return rules;
  } catch (const std::invalid_argument& e) {
    throw ferry::ConfigError(e.what());
  }
}

class Grep : public ferry::Filter {
 public:
  Grep(const ferry::Host& host, const ferry::Config& cfg)
      : Filter(host), rules_(make_rules(host, cfg)) {}

  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer& out) override {
    if (rules_.empty()) return FERRY_FILTER_UNCHANGED;
    HostSink sink(host());
    kept_.clear();
    const uint8_t* begin = in.data();
    const uint8_t* p = begin;
    const uint8_t* end = begin + in.size();
    uint32_t events = 0, kept = 0;
    while (p < end) {
      const uint8_t* event = p;
      format::MpValue head;
      bool ok = format::read_item(p, end, head) && head.type == format::MpValue::kArray &&
                head.size == 2 && format::skip_value(p, end);
      const uint8_t* record = p;
      ok = ok && format::skip_value(p, end);  // validates the record for the reads below
      if (!ok)
        throw std::runtime_error("malformed event stream: no [time, record] event at byte " +
                                 std::to_string(event - begin));
      ++events;
      if (!rules_.keep(record, p, sink)) continue;
      ++kept;
      // Adjacent kept events go back as one run.
      if (!kept_.empty() && kept_.back().end == event) {
        kept_.back().end = p;
        ++kept_.back().count;
      } else {
        kept_.push_back(Run{event, p, 1});
      }
    }
    if (kept == events) return FERRY_FILTER_UNCHANGED;
    for (const Run& run : kept_) out.append(run.begin, size_t(run.end - run.begin), run.count);
    return FERRY_FILTER_REWRITTEN;
  }

 private:
  struct Run {
    const uint8_t* begin;
    const uint8_t* end;
    uint32_t count;
  };
  GrepRules rules_;
  std::vector<Run> kept_;  // reused across batches
};

}  // namespace
}  // namespace ferry::grep

FERRY_PLUGIN(ferry::grep::Grep, FERRY_KIND_FILTER, "grep", "1.0.0",
             "Keeps or drops events by regular expressions on their fields", "stable",
             ferry::grep::kParams, 0)
