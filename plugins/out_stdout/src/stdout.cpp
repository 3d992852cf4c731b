// out_stdout: prints each event as Fluentd does, by default
// "2026-11-24 10:00:00.123456789 +0000 tag: {json}" (the core `stdout`
// formatter; any <format> works), to the log device (stdout or the -o file,
// never interleaved with log lines) or, with use_logger false, to stdout.
// <inject> (or the legacy include_tag_key/include_time_key...) adds keys
// to a copy of each record before it is formatted.
// A record that cannot be formatted goes to the error path; the rest print.
#include <cstdio>
#include <string>

#include "ferry/inject.hpp"
#include "ferry/plugin.hpp"
#include "format/event_stream.hpp"

namespace {

class StdoutOutput : public ferry::Output {
 public:
  StdoutOutput(const ferry::Host& host, const ferry::Config& cfg)
      : Output(host), use_logger_(cfg.boolean("use_logger").value_or(true)) {
    auto section = cfg.section("format");
    formatter_ = host.formatter(section ? section->raw() : nullptr, "stdout");
    injector_ = ferry::Injector(host, cfg);
  }

  void write(const ferry::Chunk& chunk, uint64_t token) override {
    text_.clear();
    const uint8_t* p = chunk.data();
    const uint8_t* end = p + chunk.size();
    std::string_view event;
    while (ferry::format::next_event(p, end, event)) {
      const size_t start = text_.size();
      std::string_view injected;
      if (injector_.apply(chunk.tag(), event, injected) != FERRY_OK) {
        host().emit_error(chunk.tag(), event, "not a [time, record] event");
        continue;
      }
      if (formatter_.format(chunk.tag(), injected, text_) != FERRY_OK) {
        host().emit_error(chunk.tag(), event, "cannot format record");
        continue;
      }
      // Fluentd: the formatter's output chomped ("\r\n", "\n" or "\r"), then "\n".
      if (text_.size() > start && text_.back() == '\n') text_.pop_back();
      if (text_.size() > start && text_.back() == '\r') text_.pop_back();
      text_.push_back('\n');
    }
    if (p != end) host().warn("ignored ", end - p, " malformed bytes at the end of a batch");
    if (use_logger_) {
      host().write_log_device(text_);
    } else {
      std::fwrite(text_.data(), 1, text_.size(), stdout);
      std::fflush(stdout);
    }
    host().complete(token, FERRY_OK);
  }

 private:
  bool use_logger_;
  ferry::Formatter formatter_;
  ferry::Injector injector_;
  std::string text_;
};

constexpr ferry_param kRows[] = {
    ferry::Param("use_logger", FERRY_PARAM_BOOL)
        .def("true")
        .describe("Write to the log device (stdout, or the -o log file); false: to stdout"),
    ferry::Param("output_type", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy flat form not supported yet: write <format> output_type X </format>"),
    ferry::Param("format", FERRY_PARAM_STRING)
        .unsupported()
        .describe("Legacy flat form not supported yet: write <format> @type X </format>"),
};
constexpr ferry_param_table kParams = ferry::table(kRows);

}  // namespace

// Unbuffered unless a <buffer> is written (Fluentd: prefer_buffered_processing
// false); out_stdout.rb's buffer defaults.
FERRY_BUFFERED_PLUGIN(StdoutOutput, "stdout", "1.0.0", "Prints events in Fluentd's stdout format",
                      "stable", kParams, FERRY_CAP_FORMAT | FERRY_CAP_INJECT,
                      FERRY_BUFFER_WHEN_CONFIGURED,
                      "chunk_keys tag\nflush_at_shutdown true\nchunk_limit_size 10240")
