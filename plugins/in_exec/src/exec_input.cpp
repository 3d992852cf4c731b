// in_exec: Fluentd's exec input. Runs `command` once at start (no
// run_interval) or every run_interval, parses its stdout with the core's
// <parse> parser, applies <extract> (tag, time) and emits the events.
// The child process and its pipes are in ExecRun; batching and push-back
// in Emitter; the parameters in settings.cpp.
#include <memory>
#include <string>
#include <string_view>

#include "emitter.hpp"
#include "event/event_time.hpp"
#include "exec_run.hpp"
#include "ferry/parser.hpp"
#include "ferry/plugin.hpp"
#include "format/msgpack_writer.hpp"
#include "settings.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::exec {
namespace {

constexpr uint64_t kRetryNs = 100'000'000;  // push-back: try the router again every 100 ms

uint64_t to_ns(double seconds) {
  return uint64_t(seconds * 1e9);
}

// [time, {"message": text}]: what an unparsable piece of output becomes on
// the error path (the parser reports the offending text, already cut).
std::string message_event(EventTime time, std::string_view text) {
  std::string e;
  format::mp_array_header(e, 2);
  append_event_time(e, time);
  format::mp_map_header(e, 1);
  format::mp_str(e, "message");
  format::mp_str(e, text);
  return e;
}

// The parsed event with its time replaced (a parser without a time gives 0).
std::string with_time(std::string_view event, EventTime time) {
  std::string e;
  format::mp_array_header(e, 2);
  append_event_time(e, time);
  e.append(event.substr(1 + kEventTimeWireSize));
  return e;
}

class ExecInput : public ferry::Input, public RunOwner {
 public:
  ExecInput(const ferry::Host& host, const ferry::Config& cfg)
      : Input(host),
        settings_(read_settings(cfg)),
        parser_(host, settings_.parse_section, "tsv", settings_.parse_defaults.c_str()),
        extractor_(host, settings_.extract_section),
        emitter_(host) {}

  void start() override {
    if (settings_.run_interval) {
      uint64_t every = to_ns(*settings_.run_interval);
      timer_ = std::make_unique<ferry::Timer>(host(), every, every, [this] { tick(); });
    } else {
      launch();  // once, now, and never again
    }
  }

  void stop() override {
    timer_.reset();
    stop_retry_timer();
    if (run_) {
      run_->terminate(kKillGrace);
      end_run();
    }
    stop_retry_timer();  // the last output may have met push-back
    emitter_.drain_at_stop();
  }

 private:
  void tick() {
    if (run_) {
      host().warn("previous child process is still running. skipped.", run_->who(),
                  " interval=", *settings_.run_interval);
      return;
    }
    launch();
  }

  void launch() {
    std::string error;
    auto child = ChildProcess::spawn(
        settings_.command_line,
        settings_.read_with_stderr ? ChildProcess::Stderr::kMerged : ChildProcess::Stderr::kPipe,
        &error);
    if (!child) {
      host().error("exec failed to run: ", error,
                   " command=", text::ruby_string_inspect(settings_.command));
      return;
    }
    host().debug("Executing command", settings_.command_line.via_shell ? " (via /bin/sh -c)" : "",
                 " command=", text::ruby_string_inspect(settings_.command), " pid=", child->pid());
    parse_errors_ = 0;
    events_before_ = emitter_.emitted();
    run_ = std::make_unique<ExecRun>(host(), settings_, std::move(child), *this);
    run_->start();
  }

  // --- RunOwner

  void on_output(std::string_view data, bool eof) override {
    parser_.feed(data, eof, [this](const ferry::Parsed& r) { on_parsed(r); });
    emitter_.flush();
    if (emitter_.blocked()) {
      // Also a new run while an old run's events still wait: it waits too.
      if (run_) run_->pause_output();
      if (!retry_timer_)
        retry_timer_ = host().timer_start(kRetryNs, kRetryNs, &ExecInput::retry_tick, this);
    }
  }

  void on_run_done() override {
    if (run_ && run_->finished()) end_run();
  }

  // --- events

  void on_parsed(const ferry::Parsed& r) {
    if (!r.ok()) return on_parse_error(r.error);
    ferry::Extracted x = extractor_.apply(r.event, r.time_set);
    if (!x.ok) return on_extract_error(r, x.error);
    if (x.has_tag) return emitter_.append(x.tag, x.event);
    if (!settings_.tag) {
      host().error("exec failed to emit: the record has no tag_key field and no 'tag' is set",
                   run_ ? run_->who() : std::string());
      return;
    }
    emitter_.append(*settings_.tag, x.event);
  }

  // Fluentd drops output its parser cannot read without a word; Ferry counts
  // it and sends it to the error path (@ERROR, else a warning line).
  void on_parse_error(std::string_view error) {
    ++parse_errors_;
    std::string reason = str(error, run_ ? run_->who() : std::string());
    std::string event = message_event(EventTime::from_ns(host().now_ns()), error);
    if (settings_.tag)
      host().emit_error(*settings_.tag, event, reason);
    else
      host().warn("cannot parse the command's output: ", reason);
  }

  // Fluentd's "exec failed to emit" (a time field that does not parse...).
  void on_extract_error(const ferry::Parsed& r, std::string_view error) {
    ++parse_errors_;
    std::string reason(error);
    host().error("exec failed to emit: ", reason, run_ ? run_->who() : std::string());
    if (!settings_.tag) return;
    EventTime now = EventTime::from_ns(host().now_ns());
    host().emit_error(*settings_.tag, r.time_set ? std::string(r.event) : with_time(r.event, now),
                      reason);
  }

  // --- push-back

  static void retry_tick(void* self) {
    auto* in = static_cast<ExecInput*>(self);
    if (!in->emitter_.retry()) return;
    in->stop_retry_timer();
    if (in->run_) in->run_->resume_output();
  }

  void stop_retry_timer() {
    if (retry_timer_) host().timer_stop(retry_timer_);
    retry_timer_ = nullptr;
  }

  // --- end of a run

  void end_run() {
    const ExitStatus& st = run_->status();
    uint64_t events = emitter_.emitted() - events_before_;
    host().debug("child process finished: ", st.describe(), ", ", run_->output_bytes(),
                 " bytes read, ", events, " events emitted, ", parse_errors_, " unparsable",
                 run_->who());
    // Fluentd ignores the exit status; a failing command is worth a line.
    if (!st.success() && !run_->killed_by_ferry())
      host().info("command ended with ", st.describe(), run_->who());
    run_.reset();
  }

  Settings settings_;
  ferry::Parser parser_;
  ferry::Extractor extractor_;
  Emitter emitter_;
  std::unique_ptr<ExecRun> run_;
  std::unique_ptr<ferry::Timer> timer_;
  ferry_timer* retry_timer_ = nullptr;
  uint64_t parse_errors_ = 0;
  uint64_t events_before_ = 0;
};

}  // namespace
}  // namespace ferry::exec

FERRY_PLUGIN(ferry::exec::ExecInput, FERRY_KIND_INPUT, "exec", "1.0.0",
             "Runs a command once or periodically and parses its output into events", "stable",
             ferry::exec::kParams, FERRY_CAP_PARSE | FERRY_CAP_EXTRACT)
