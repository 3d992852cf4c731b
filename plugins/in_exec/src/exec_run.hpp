#pragma once
// One run of the command on the instance's event loop: the child's stdout
// is read without blocking (fd watch) and handed to the owner, stderr goes
// to the log line by line, the exit is noticed through a pidfd (or a 50 ms
// waitpid poll where the kernel has none) and the child is always reaped.
// Ferry's `timeout` and Fluentd's `command_timeout` kill it when due.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "child_process.hpp"
#include "ferry/host.hpp"
#include "settings.hpp"
#include "stderr_lines.hpp"
#include "transcoder.hpp"

namespace ferry::exec {

// What a run reports to the input that started it.
class RunOwner {
 public:
  virtual ~RunOwner() = default;
  // The command's output (UTF-8 when `encoding` is set), in read order;
  // eof: the output is over (exactly once per run).
  virtual void on_output(std::string_view data, bool eof) = 0;
  // The run is over (output closed, child reaped). Called from a posted
  // callback, outside any of the run's own callbacks: the owner may
  // destroy the run here.
  virtual void on_run_done() = 0;
};

class ExecRun {
 public:
  ExecRun(const ferry::Host& host, const Settings& settings, std::unique_ptr<ChildProcess> child,
          RunOwner& owner);
  // Stops every watch and timer; the child, if still there, is killed
  // and reaped by ~ChildProcess.
  ~ExecRun();
  ExecRun(const ExecRun&) = delete;
  ExecRun& operator=(const ExecRun&) = delete;

  // Starts watching the child (from start() or a loop callback).
  void start();

  // The owner cannot hand events on (downstream pushes back): stop reading
  // stdout, so the pipe fills and the command waits, until resume.
  void pause_output();
  void resume_output();

  // Shutdown: SIGTERM to the command's process group; its output is still
  // read and handed on until it exits or `grace` passes, then SIGKILL.
  // Blocks (no loop callbacks) for at most grace + 1 s.
  void terminate(std::chrono::milliseconds grace);

  pid_t pid() const { return child_->pid(); }
  const ExitStatus& status() const { return child_->status(); }
  bool finished() const { return !out_open_ && !err_open_ && child_->reaped(); }
  // True when Ferry signalled it (timeout, command_timeout, shutdown).
  bool killed_by_ferry() const { return killed_; }
  uint64_t output_bytes() const { return bytes_; }
  // " command=\"...\" pid=N", for log lines.
  std::string who() const;

 private:
  static void stdout_ready(void* self, uint32_t events);
  static void stderr_ready(void* self, uint32_t events);
  static void exit_ready(void* self, uint32_t events);
  static void reap_tick(void* self);
  static void timeout_fired(void* self);
  static void grace_over(void* self);
  static void command_timeout_fired(void* self);

  void read_stdout();
  void read_stderr();
  void check_exit();
  void outputs_closed();
  void maybe_done();
  void deliver(std::string_view data, bool eof);
  void drain_until(std::chrono::steady_clock::time_point deadline);
  void unwatch(ferry_watch*& w);
  void stop_timer(ferry_timer*& t);
  void stop_all();

  ferry::Host host_;
  const Settings& settings_;
  std::unique_ptr<ChildProcess> child_;
  RunOwner& owner_;
  std::unique_ptr<Transcoder> transcoder_;
  StderrLines stderr_lines_;
  std::string chunk_;       // bytes read in one wake-up
  std::string transcoded_;  // chunk_ in UTF-8 (with `encoding`)

  bool out_open_ = true;
  bool err_open_ = false;
  bool paused_ = false;
  bool killed_ = false;
  bool terminating_ = false;
  bool done_posted_ = false;
  uint64_t bytes_ = 0;

  ferry_watch* out_watch_ = nullptr;
  ferry_watch* err_watch_ = nullptr;
  ferry_watch* exit_watch_ = nullptr;
  ferry_timer* reap_timer_ = nullptr;
  ferry_timer* timeout_timer_ = nullptr;
  ferry_timer* grace_timer_ = nullptr;
  ferry_timer* command_timeout_timer_ = nullptr;
};

// After SIGTERM (timeout or shutdown), how long a command may take to exit
// before SIGKILL.
inline constexpr std::chrono::milliseconds kKillGrace{5000};

}  // namespace ferry::exec
