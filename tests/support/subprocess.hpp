#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::test {

// A child process with stdout and stderr captured to files (so a test can
// read them while it runs, and nothing blocks on a full pipe).
class Subprocess {
 public:
  struct Options {
    std::vector<std::string> argv;               // argv[0] is the program path
    std::string cwd;                             // empty: the test's cwd
    std::map<std::string, std::string> env_set;  // added to/overriding the environment
    std::vector<std::string> env_unset;
    std::string stdin_text;  // written to the child's stdin, then closed
    // Keep the child's stdin open (after stdin_text) until close_stdin() or
    // destruction: a child that stops on stdin EOF then dies with the test.
    bool keep_stdin_open = false;
  };

  explicit Subprocess(Options opts);
  ~Subprocess();  // kills the child if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int signo);
  void close_stdin();  // EOF on the child's stdin (when keep_stdin_open)
  // Waits for exit; returns the exit code (128+N when killed by signal N),
  // or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  std::string stdout_text() const;
  std::string stderr_text() const;
  std::string output() const { return stdout_text() + stderr_text(); }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::optional<int> exit_code_;
  std::string dir_;  // holds the capture files
  std::string out_path_, err_path_;
};

// Runs to completion (with a timeout) and returns exit code and output.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run(Subprocess::Options opts,
              std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
size_t count_lines_containing(const std::string& text, const std::string& needle);

}  // namespace ferry::test
