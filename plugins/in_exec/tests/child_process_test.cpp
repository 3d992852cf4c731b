// ChildProcess with real commands: pipes, exit status, process groups,
// reaping, and what the child inherits.
#include "child_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "subprocess.hpp"

namespace ferry::exec {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<ChildProcess> start(const std::string& command,
                                    ChildProcess::Stderr mode = ChildProcess::Stderr::kPipe) {
  std::string error;
  auto c = ChildProcess::spawn(parse_command_line(command), mode, &error);
  EXPECT_NE(c, nullptr) << error;
  return c;
}

// Reads both outputs to EOF (blocking in poll) and reaps.
struct Result {
  std::string out, err;
};
Result run_to_end(ChildProcess& c) {
  Result r;
  bool out_open = true, err_open = c.stderr_fd() >= 0;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
    pollfd p[2] = {{c.stdout_fd(), POLLIN, 0}, {c.stderr_fd(), POLLIN, 0}};
    ::poll(p, 2, 100);
    if (out_open && c.read(c.stdout_fd(), r.out, 4096) == ChildProcess::ReadResult::kEof) {
      c.close_output(c.stdout_fd());
      out_open = false;
    }
    if (err_open && c.read(c.stderr_fd(), r.err, 4096) == ChildProcess::ReadResult::kEof) {
      c.close_output(c.stderr_fd());
      err_open = false;
    }
  }
  EXPECT_TRUE(test::wait_until([&] { return c.reap(); }, 10s));
  return r;
}

// Gone: no such process, or a zombie waiting for init.
bool gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  return paren != std::string::npos && text.compare(paren + 2, 1, "Z") == 0;
}

TEST(ChildProcess, ReadsStdoutAndStderrSeparatelyAndReportsTheExit) {
  auto c = start("printf 'one\\ntwo\\n'; echo oops >&2; exit 3");
  Result r = run_to_end(*c);
  EXPECT_EQ(r.out, "one\ntwo\n");
  EXPECT_EQ(r.err, "oops\n");
  EXPECT_TRUE(c->status().exited);
  EXPECT_EQ(c->status().code, 3);
  EXPECT_EQ(c->status().describe(), "exit status 3");
}

TEST(ChildProcess, MergedStderrGoesToStdout) {
  auto c = start("echo a; echo b >&2", ChildProcess::Stderr::kMerged);
  EXPECT_EQ(c->stderr_fd(), -1);
  EXPECT_EQ(run_to_end(*c).out, "a\nb\n");
  EXPECT_TRUE(c->status().success());
}

TEST(ChildProcess, DirectExecOfAMissingProgramFailsToStart) {
  std::string error;
  auto c = ChildProcess::spawn(parse_command_line("no-such-program-xyz arg"),
                               ChildProcess::Stderr::kPipe, &error);
  EXPECT_EQ(c, nullptr);
  EXPECT_EQ(error, "No such file or directory - no-such-program-xyz");
}

TEST(ChildProcess, StdinIsEmptyAndNoDescriptorIsInherited) {
  int stray = ::open("/dev/null", O_RDONLY);  // not close-on-exec
  ASSERT_GE(stray, 0);
  auto c = start("ls /proc/self/fd");
  Result r = run_to_end(*c);
  ::close(stray);
  // 0, 1, 2 and the descriptor ls itself opened to list the directory.
  EXPECT_EQ(r.out, "0\n1\n2\n3\n");
  auto cat = start("cat");  // reads stdin: /dev/null ends it at once
  EXPECT_EQ(run_to_end(*cat).out, "");
  EXPECT_TRUE(cat->status().success());
}

TEST(ChildProcess, SignalsReachTheWholeGroupEvenWhenFerryBlocksThem) {
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &old);  // as a host thread might
  auto c = start("sleep 300 & echo $!; wait");
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  std::string out;
  ASSERT_TRUE(test::wait_until([&] {
    c->read(c->stdout_fd(), out, 64);
    return out.find('\n') != std::string::npos;
  }));
  pid_t grandchild = std::stoi(out);
  EXPECT_FALSE(gone(grandchild));
  c->signal_group(SIGTERM);
  ASSERT_TRUE(test::wait_until([&] { return c->reap(); }));
  EXPECT_EQ(c->status().signal == SIGTERM || c->status().exited, true);
  EXPECT_TRUE(test::wait_until([&] { return gone(grandchild); }));
}

TEST(ChildProcess, ThePidfdSaysWhenItExits) {
  auto c = start("sleep 0.2");
  ASSERT_GE(c->exit_fd(), 0);
  EXPECT_FALSE(c->reap());
  pollfd p{c->exit_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_TRUE(c->reap());
  EXPECT_TRUE(c->status().success());
}

TEST(ChildProcess, DestroyingItKillsAndReapsTheChild) {
  pid_t pid;
  {
    auto c = start("sleep 300");
    pid = c->pid();
    EXPECT_FALSE(gone(pid));
  }
  // Reaped, not a zombie: it is no child of ours any more.
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
  EXPECT_TRUE(gone(pid));
}

TEST(ChildProcess, KilledBySignalIsDescribed) {
  auto c = start("kill -9 $$");
  run_to_end(*c);
  EXPECT_EQ(c->status().signal, SIGKILL);
  EXPECT_EQ(c->status().describe(), "killed by signal 9 (SIGKILL)");
}

}  // namespace
}  // namespace ferry::exec
