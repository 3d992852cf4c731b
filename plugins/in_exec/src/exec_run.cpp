#include "exec_run.hpp"

#include <poll.h>
#include <signal.h>

#include <algorithm>

#include "text/ruby_inspect.hpp"

namespace ferry::exec {
namespace {

// Most bytes read from stdout in one wake-up, so one flooding command
// cannot hold the loop thread; the watch is level-triggered and comes back.
constexpr size_t kMaxReadPerWake = 256 * 1024;
constexpr size_t kMaxStderrLine = 2048;
constexpr uint32_t kStderrLinesPerSecond = 20;
constexpr uint64_t kReapPollNs = 50'000'000;

uint64_t to_ns(double seconds) {
  return uint64_t(seconds * 1e9);
}

}  // namespace

ExecRun::ExecRun(const ferry::Host& host, const Settings& settings,
                 std::unique_ptr<ChildProcess> child, RunOwner& owner)
    : host_(host),
      settings_(settings),
      child_(std::move(child)),
      owner_(owner),
      stderr_lines_(kMaxStderrLine, kStderrLinesPerSecond, [this](std::string_view line) {
        host_.warn("stderr: ", text::ruby_string_inspect(line), who());
      }) {
  if (settings_.encoding) transcoder_ = Transcoder::create(*settings_.encoding);
  err_open_ = child_->stderr_fd() >= 0;
}

ExecRun::~ExecRun() {
  stop_all();
}

std::string ExecRun::who() const {
  return str(" command=", text::ruby_string_inspect(settings_.command), " pid=", child_->pid());
}

void ExecRun::start() {
  out_watch_ = host_.fd_watch(child_->stdout_fd(), FERRY_FD_READ, &ExecRun::stdout_ready, this);
  if (err_open_)
    err_watch_ = host_.fd_watch(child_->stderr_fd(), FERRY_FD_READ, &ExecRun::stderr_ready, this);
  if (child_->exit_fd() >= 0)
    exit_watch_ = host_.fd_watch(child_->exit_fd(), FERRY_FD_READ, &ExecRun::exit_ready, this);
  else
    reap_timer_ = host_.timer_start(kReapPollNs, kReapPollNs, &ExecRun::reap_tick, this);
  if (settings_.timeout)
    timeout_timer_ = host_.timer_start(to_ns(*settings_.timeout), 0, &ExecRun::timeout_fired, this);
  if (!out_watch_ || (err_open_ && !err_watch_))
    host_.error("cannot watch the command's output; it is stopped", who());
}

// --- loop callbacks

void ExecRun::stdout_ready(void* self, uint32_t) {
  static_cast<ExecRun*>(self)->read_stdout();
}
void ExecRun::stderr_ready(void* self, uint32_t) {
  static_cast<ExecRun*>(self)->read_stderr();
}
void ExecRun::exit_ready(void* self, uint32_t) {
  static_cast<ExecRun*>(self)->check_exit();
}
void ExecRun::reap_tick(void* self) {
  static_cast<ExecRun*>(self)->check_exit();
}

void ExecRun::timeout_fired(void* self) {
  auto* run = static_cast<ExecRun*>(self);
  if (run->child_->reaped() && !run->out_open_ && !run->err_open_) return;
  run->host_.warn("child process timed out after ", *run->settings_.timeout,
                  " s; sending SIGTERM to its process group", run->who());
  run->killed_ = true;
  run->child_->signal_group(SIGTERM);
  run->grace_timer_ = run->host_.timer_start(uint64_t(kKillGrace.count()) * 1'000'000, 0,
                                             &ExecRun::grace_over, run);
}

void ExecRun::grace_over(void* self) {
  auto* run = static_cast<ExecRun*>(self);
  if (run->finished()) return;
  run->host_.warn("child process still running ", kKillGrace.count() / 1000,
                  " s after SIGTERM; sending SIGKILL", run->who());
  run->child_->signal_group(SIGKILL);
}

void ExecRun::command_timeout_fired(void* self) {
  auto* run = static_cast<ExecRun*>(self);
  if (run->child_->reaped()) return;
  // Fluentd's wait_timeout: the output is closed but the process lingers.
  run->host_.warn("child process timed out", run->who());
  run->killed_ = true;
  run->child_->signal_group(SIGKILL);
}

// --- reading

void ExecRun::read_stdout() {
  if (!out_open_) return;
  chunk_.clear();
  bool eof = false;
  while (chunk_.size() < kMaxReadPerWake) {
    ChildProcess::ReadResult r =
        child_->read(child_->stdout_fd(), chunk_, settings_.read_block_size);
    if (r == ChildProcess::ReadResult::kAgain) break;
    if (r == ChildProcess::ReadResult::kEof) {
      eof = true;
      break;
    }
  }
  bytes_ += chunk_.size();
  if (eof) {
    unwatch(out_watch_);
    child_->close_output(child_->stdout_fd());
    out_open_ = false;
  }
  if (!chunk_.empty() || eof) deliver(chunk_, eof);  // may pause or resume us
  if (eof) outputs_closed();
}

void ExecRun::deliver(std::string_view data, bool eof) {
  if (!transcoder_) {
    owner_.on_output(data, eof);
    return;
  }
  transcoded_.clear();
  transcoder_->convert(data, eof, transcoded_);
  owner_.on_output(transcoded_, eof);
}

void ExecRun::read_stderr() {
  if (!err_open_) return;
  std::string buf;
  bool eof = false;
  while (buf.size() < kMaxReadPerWake) {
    ChildProcess::ReadResult r = child_->read(child_->stderr_fd(), buf, 4096);
    if (r == ChildProcess::ReadResult::kAgain) break;
    if (r == ChildProcess::ReadResult::kEof) {
      eof = true;
      break;
    }
  }
  int64_t now_sec = host_.now_ns() / 1'000'000'000;
  if (!buf.empty()) stderr_lines_.feed(buf, now_sec);
  if (eof) {
    stderr_lines_.finish(now_sec);
    unwatch(err_watch_);
    child_->close_output(child_->stderr_fd());
    err_open_ = false;
    outputs_closed();
  }
}

void ExecRun::outputs_closed() {
  if (out_open_ || err_open_) return;
  if (!child_->reaped() && settings_.command_timeout && !command_timeout_timer_) {
    command_timeout_timer_ = host_.timer_start(to_ns(*settings_.command_timeout), 0,
                                               &ExecRun::command_timeout_fired, this);
  }
  maybe_done();
}

void ExecRun::check_exit() {
  if (!child_->reap()) return;
  unwatch(exit_watch_);
  stop_timer(reap_timer_);
  maybe_done();
}

void ExecRun::maybe_done() {
  // terminate() is synchronous: its caller sees finished() itself.
  if (!finished() || done_posted_ || terminating_) return;
  done_posted_ = true;
  stop_all();
  host_.post([](void* owner) { static_cast<RunOwner*>(owner)->on_run_done(); }, &owner_);
}

void ExecRun::pause_output() {
  paused_ = true;
  unwatch(out_watch_);
}

void ExecRun::resume_output() {
  if (!paused_) return;
  paused_ = false;
  if (out_open_ && !terminating_)
    out_watch_ = host_.fd_watch(child_->stdout_fd(), FERRY_FD_READ, &ExecRun::stdout_ready, this);
}

// --- shutdown

void ExecRun::terminate(std::chrono::milliseconds grace) {
  terminating_ = true;
  stop_all();
  if (finished()) return;
  killed_ = true;
  child_->signal_group(SIGTERM);
  drain_until(std::chrono::steady_clock::now() + grace);
  if (!finished()) {
    host_.warn("child process still running ", grace.count() / 1000.0,
               " s after SIGTERM at shutdown; sending SIGKILL", who());
    child_->signal_group(SIGKILL);
    drain_until(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
  // Whatever still holds the pipes is not ours to wait for.
  if (out_open_) {
    child_->close_output(child_->stdout_fd());
    out_open_ = false;
    deliver({}, true);
  }
  if (err_open_) {
    stderr_lines_.finish(host_.now_ns() / 1'000'000'000);
    child_->close_output(child_->stderr_fd());
    err_open_ = false;
  }
}

void ExecRun::drain_until(std::chrono::steady_clock::time_point deadline) {
  while (!finished()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd fds[3];
    nfds_t n = 0;
    if (out_open_) fds[n++] = {child_->stdout_fd(), POLLIN, 0};
    if (err_open_) fds[n++] = {child_->stderr_fd(), POLLIN, 0};
    bool pidfd = !child_->reaped() && child_->exit_fd() >= 0;
    if (pidfd) fds[n++] = {child_->exit_fd(), POLLIN, 0};
    // Without a pidfd, waitpid is polled every 10 ms.
    int wait_ms = int(std::min<int64_t>(left.count(), pidfd || child_->reaped() ? 100 : 10));
    ::poll(fds, n, wait_ms);
    if (out_open_) read_stdout();
    if (err_open_) read_stderr();
    child_->reap();
  }
}

void ExecRun::unwatch(ferry_watch*& w) {
  if (w) host_.fd_unwatch(w);
  w = nullptr;
}

void ExecRun::stop_timer(ferry_timer*& t) {
  if (t) host_.timer_stop(t);
  t = nullptr;
}

void ExecRun::stop_all() {
  unwatch(out_watch_);
  unwatch(err_watch_);
  unwatch(exit_watch_);
  stop_timer(reap_timer_);
  stop_timer(timeout_timer_);
  stop_timer(grace_timer_);
  stop_timer(command_timeout_timer_);
}

}  // namespace ferry::exec
