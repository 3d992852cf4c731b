#include "app/daemon.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ferry::app {

bool Daemon::start(const std::string& pid_file, std::string& error) {
  int fds[2];
  if (::pipe(fds) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    return false;
  }
  if (child > 0) {
    // The original process: wait for the daemon's verdict, then leave.
    ::close(fds[1]);
    unsigned char code = 1;
    ssize_t n;
    do {
      n = ::read(fds[0], &code, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) code = 1;  // the daemon died before saying anything
    int status;
    ::waitpid(child, &status, 0);  // the intermediate child exits at once
    ::_exit(code);
  }
  ::close(fds[0]);
  ::setsid();
  pid_t grandchild = ::fork();
  if (grandchild < 0) ::_exit(1);
  if (grandchild > 0) ::_exit(0);  // the daemon can never reacquire a terminal

  notify_fd_ = fds[1];
  int devnull = ::open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    if (devnull > 2) ::close(devnull);
  }
  FILE* f = std::fopen(pid_file.c_str(), "w");
  if (!f) {
    error = "cannot write pid file " + pid_file + ": " + std::strerror(errno);
    failed(1);
    return false;
  }
  std::fprintf(f, "%d\n", int(::getpid()));
  std::fclose(f);
  pid_file_ = pid_file;
  return true;
}

void Daemon::notify(int code) {
  if (notify_fd_ < 0) return;
  unsigned char c = static_cast<unsigned char>(code);
  ssize_t n = ::write(notify_fd_, &c, 1);
  (void)n;
  ::close(notify_fd_);
  notify_fd_ = -1;
}

Daemon::~Daemon() {
  if (!pid_file_.empty()) ::unlink(pid_file_.c_str());
}

}  // namespace ferry::app
