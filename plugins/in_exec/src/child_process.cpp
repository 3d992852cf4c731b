#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace ferry::exec {
namespace {

// Owns the descriptors and spawn objects while the child is being set up.
struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  bool open() { return ::pipe2(fd, O_CLOEXEC) == 0; }
  int take_read() { return std::exchange(fd[0], -1); }
};

struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

const char* signal_name(int sig) {
  switch (sig) {
    case SIGHUP:
      return "SIGHUP";
    case SIGINT:
      return "SIGINT";
    case SIGQUIT:
      return "SIGQUIT";
    case SIGABRT:
      return "SIGABRT";
    case SIGKILL:
      return "SIGKILL";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGPIPE:
      return "SIGPIPE";
    case SIGTERM:
      return "SIGTERM";
    default:
      return nullptr;
  }
}

}  // namespace

std::string ExitStatus::describe() const {
  if (unknown) return "exit status unknown";
  if (exited) return "exit status " + std::to_string(code);
  std::string s = "killed by signal " + std::to_string(signal);
  if (const char* name = signal_name(signal)) s += std::string(" (") + name + ")";
  return s;
}

std::unique_ptr<ChildProcess> ChildProcess::spawn(const CommandLine& line, Stderr stderr_mode,
                                                  std::string* error) {
  auto fail = [&](int err, const std::string& what) {
    if (error) *error = std::string(std::strerror(err)) + " - " + what;
    return nullptr;
  };
  if (line.argv.empty()) return fail(ENOENT, "(empty command)");
  Pipe out, err;
  if (!out.open()) return fail(errno, "pipe");
  if (stderr_mode == Stderr::kPipe && !err.open()) return fail(errno, "pipe");

  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&setup.actions,
                                   stderr_mode == Stderr::kPipe ? err.fd[1] : out.fd[1], 2);
  // Everything else (sockets, files, other children's pipes) stays with Ferry.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);

  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  posix_spawnattr_setsigdefault(&setup.attr, &all);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> argv;
  for (const std::string& a : line.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  pid_t pid = -1;
  int rc = line.via_shell
               ? posix_spawn(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), environ)
               : posix_spawnp(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), environ);
  if (rc != 0) return fail(rc, line.via_shell ? line.argv[2] : line.argv[0]);

  std::unique_ptr<ChildProcess> child(new ChildProcess);
  child->pid_ = pid;
  child->out_fd_ = out.take_read();
  if (stderr_mode == Stderr::kPipe) child->err_fd_ = err.take_read();
  for (int fd : {child->out_fd_, child->err_fd_}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  // pidfd_open is Linux 5.3+; without it the caller polls reap().
  long pidfd = ::syscall(SYS_pidfd_open, pid, 0);
  if (pidfd >= 0) {
    child->exit_fd_ = int(pidfd);
    ::fcntl(child->exit_fd_, F_SETFD, FD_CLOEXEC);
  }
  return child;  // the write ends close with `out` and `err`
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    signal_group(SIGKILL);
    // SIGKILL is not ignorable: the wait is short, but never unbounded
    // (a process stuck in the kernel). Give up after 5 s.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!reap() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  close_fd(out_fd_);
  close_fd(err_fd_);
  close_fd(exit_fd_);
}

void ChildProcess::close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

ChildProcess::ReadResult ChildProcess::read(int fd, std::string& out, size_t max) {
  if (fd < 0) return ReadResult::kEof;
  size_t old = out.size();
  out.resize(old + max);
  ssize_t n;
  do {
    n = ::read(fd, out.data() + old, max);
  } while (n < 0 && errno == EINTR);
  out.resize(old + (n > 0 ? size_t(n) : 0));
  if (n > 0) return ReadResult::kData;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::kAgain;
  return ReadResult::kEof;  // EOF, or an error that ends the stream all the same
}

void ChildProcess::close_output(int fd) {
  if (fd < 0) return;
  if (fd == out_fd_) close_fd(out_fd_);
  if (fd == err_fd_) close_fd(err_fd_);
}

bool ChildProcess::reap() {
  if (reaped_) return true;
  int st = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &st, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  if (r < 0) {
    status_.unknown = true;  // ECHILD: SIGCHLD ignored, the kernel reaped it
  } else if (WIFEXITED(st)) {
    status_.exited = true;
    status_.code = WEXITSTATUS(st);
  } else if (WIFSIGNALED(st)) {
    status_.signal = WTERMSIG(st);
  } else {
    return false;  // stopped/continued: not an exit
  }
  reaped_ = true;
  return true;
}

void ChildProcess::signal_group(int sig) {
  if (pid_ <= 0) return;
  if (reaped_ && out_fd_ < 0 && err_fd_ < 0) return;
  ::kill(-pid_, sig);
}

}  // namespace ferry::exec
