#pragma once
// Turns a child's stderr into log lines without trusting it: each line is
// cut to a maximum length (the rest of an overlong line is skipped up to its
// newline, so memory stays bounded whatever the child writes), and at most
// `per_second` lines per second reach the log; the lines held back are
// counted and reported once the next second starts.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ferry::exec {

class StderrLines {
 public:
  // `log(text)` receives each line to print (already cut, with a note when
  // cut) and the "N lines suppressed" notices.
  StderrLines(size_t max_line, uint32_t per_second, std::function<void(std::string_view)> log)
      : max_line_(max_line), per_second_(per_second), log_(std::move(log)) {}

  // Feeds bytes read from stderr at wall-clock second `now_sec`.
  void feed(std::string_view data, int64_t now_sec);
  // End of the stream: the last line without a newline, pending notices.
  void finish(int64_t now_sec);

 private:
  void line(std::string_view text, bool cut, int64_t now_sec);
  void flush_suppressed();

  size_t max_line_;
  uint32_t per_second_;
  std::function<void(std::string_view)> log_;
  std::string partial_;
  bool skipping_ = false;  // dropping the rest of an overlong line
  bool partial_cut_ = false;
  int64_t window_ = -1;
  uint32_t in_window_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace ferry::exec
