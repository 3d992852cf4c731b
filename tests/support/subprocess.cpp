#include "subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

extern char** environ;

namespace ferry::test {

Subprocess::Subprocess(Options opts) {
  dir_ = make_temp_dir("ferry-proc-");
  out_path_ = dir_ + "/stdout";
  err_path_ = dir_ + "/stderr";
  int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int in_pipe[2];
  if (out < 0 || err < 0 || ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("cannot set up child process files in " + dir_);
  }

  // Build argv/envp before fork: only async-signal-safe calls after it.
  std::vector<char*> argv;
  for (auto& a : opts.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& k : opts.env_unset) env.erase(k);
  for (auto& [k, v] : opts.env_set) env[k] = v;
  std::vector<std::string> env_strings;
  for (auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    // The test runner may block signals; the child must see them.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (!opts.cwd.empty() && ::chdir(opts.cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
  ::close(in_pipe[0]);
  if (!opts.stdin_text.empty()) {
    ssize_t n = ::write(in_pipe[1], opts.stdin_text.data(), opts.stdin_text.size());
    (void)n;
  }
  if (opts.keep_stdin_open) {
    stdin_fd_ = in_pipe[1];  // O_CLOEXEC: no later child inherits it
  } else {
    ::close(in_pipe[1]);
  }
}

void Subprocess::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

Subprocess::~Subprocess() {
  close_stdin();
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(5));
  }
  remove_tree(dir_);
}

bool Subprocess::running() {
  if (exit_code_ || pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

void Subprocess::signal(int signo) {
  if (running()) ::kill(pid_, signo);
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

std::string Subprocess::stdout_text() const {
  return read_file(out_path_);
}
std::string Subprocess::stderr_text() const {
  return read_file(err_path_);
}

RunResult run(Subprocess::Options opts, std::chrono::milliseconds timeout) {
  Subprocess p(std::move(opts));
  RunResult r;
  auto code = p.wait(timeout);
  r.exit_code = code ? *code : -1;
  r.out = p.stdout_text();
  r.err = p.stderr_text();
  return r;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
}

size_t count_lines_containing(const std::string& text, const std::string& needle) {
  size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace ferry::test
