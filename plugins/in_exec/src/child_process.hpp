#pragma once
// One child process started for a command, with its output on pipes the
// caller reads without blocking. No event loop here: the caller watches the
// descriptors (stdout_fd, stderr_fd, exit_fd) and calls read()/reap().
//
// The child gets its own process group so that signals reach everything it
// starts (a `/bin/sh -c` pipeline, a script's children): stopping a command
// must not leave grandchildren running. stdin is /dev/null (Fluentd closes
// the write end of the child's stdin at once), the signal mask and
// dispositions are reset (Ferry blocks or ignores some signals), and no
// descriptor of Ferry other than the pipes is inherited.
#include <sys/types.h>

#include <memory>
#include <string>

#include "command_line.hpp"

namespace ferry::exec {

// How a child ended, as waitpid reports it.
struct ExitStatus {
  bool exited = false;  // normal exit: code is valid
  int code = 0;
  int signal = 0;        // killed by this signal (exited false)
  bool unknown = false;  // reaped by someone else (SIGCHLD ignored)

  bool success() const { return exited && code == 0; }
  // "exit status 3", "killed by signal 15 (SIGTERM)", "exit status unknown"
  std::string describe() const;
};

class ChildProcess {
 public:
  enum class Stderr {
    kPipe,    // its own pipe: stderr_fd()
    kMerged,  // into the stdout pipe (connect_mode read_with_stderr)
  };

  // Starts the command. nullptr and *error ("No such file or directory -
  // cmd", as Ruby's Errno message reads) when it cannot be started.
  static std::unique_ptr<ChildProcess> spawn(const CommandLine& line, Stderr stderr_mode,
                                             std::string* error);

  // Kills the group (SIGKILL) if the child was not reaped yet and reaps it,
  // so no zombie is left behind; closes every descriptor.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Non-blocking read ends; -1 once closed or not piped.
  int stdout_fd() const { return out_fd_; }
  int stderr_fd() const { return err_fd_; }
  // A pidfd, readable once the child has exited; -1 when the kernel has
  // none (then poll reap() on a timer).
  int exit_fd() const { return exit_fd_; }

  enum class ReadResult { kData, kAgain, kEof };
  // Appends at most `max` bytes read from fd (stdout_fd() or stderr_fd())
  // to out. kEof also for a read error: the stream is over either way.
  ReadResult read(int fd, std::string& out, size_t max);
  // Closes stdout_fd() or stderr_fd() (after EOF; stop watching it first).
  void close_output(int fd);

  // waitpid without blocking; true once the child is reaped (then status()
  // is valid).
  bool reap();
  bool reaped() const { return reaped_; }
  const ExitStatus& status() const { return status_; }

  // Sends sig to the child's process group. After the child is reaped the
  // group is signalled only while its output pipes are still open (some
  // member holds them, so the group id cannot have been reused).
  void signal_group(int sig);

 private:
  ChildProcess() = default;
  void close_fd(int& fd);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int exit_fd_ = -1;
  bool reaped_ = false;
  ExitStatus status_;
};

}  // namespace ferry::exec
