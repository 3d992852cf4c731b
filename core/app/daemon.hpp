#pragma once
#include <string>

namespace ferry::app {

// -d/--daemon PIDFILE, the systemd Type=forking contract: the command the
// service manager started exits only when the daemon is running (status 0)
// or has failed to start (its exit status), and PIDFILE holds the daemon's
// pid before that.
class Daemon {
 public:
  // Forks twice and detaches (setsid, stdio to /dev/null, cwd kept: relative
  // config paths keep working). Returns in the daemon process only; the
  // original process waits for ready()/failed() and exits. Returns false
  // with `error` set when it could not even fork.
  bool start(const std::string& pid_file, std::string& error);

  // Tell the waiting parent the outcome (no-op when not daemonized).
  void ready() { notify(0); }
  void failed(int exit_code) { notify(exit_code == 0 ? 1 : exit_code); }
  bool active() const { return notify_fd_ >= 0; }

  // Removes the pid file at exit.
  ~Daemon();

 private:
  void notify(int code);
  int notify_fd_ = -1;
  std::string pid_file_;
};

}  // namespace ferry::app
