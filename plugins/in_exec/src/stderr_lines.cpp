#include "stderr_lines.hpp"

namespace ferry::exec {

void StderrLines::feed(std::string_view data, int64_t now_sec) {
  while (!data.empty()) {
    size_t nl = data.find('\n');
    std::string_view piece = data.substr(0, nl);
    if (!skipping_) {
      size_t room = max_line_ - partial_.size();
      if (piece.size() > room) {
        partial_.append(piece.substr(0, room));
        partial_cut_ = true;
        skipping_ = true;
      } else {
        partial_.append(piece);
      }
    }
    if (nl == std::string_view::npos) return;
    std::string_view text = partial_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    line(text, partial_cut_, now_sec);
    partial_.clear();
    partial_cut_ = skipping_ = false;
    data.remove_prefix(nl + 1);
  }
}

void StderrLines::finish(int64_t now_sec) {
  if (!partial_.empty() || partial_cut_) line(partial_, partial_cut_, now_sec);
  partial_.clear();
  partial_cut_ = skipping_ = false;
  flush_suppressed();
}

void StderrLines::line(std::string_view text, bool cut, int64_t now_sec) {
  if (now_sec != window_) {
    flush_suppressed();
    window_ = now_sec;
    in_window_ = 0;
  }
  if (in_window_ >= per_second_) {
    ++suppressed_;
    return;
  }
  ++in_window_;
  if (!cut) {
    log_(text);
    return;
  }
  std::string shown(text);
  shown += "... (line cut at " + std::to_string(max_line_) + " bytes)";
  log_(shown);
}

void StderrLines::flush_suppressed() {
  if (suppressed_ == 0) return;
  log_("(" + std::to_string(suppressed_) + " more stderr lines not logged: over " +
       std::to_string(per_second_) + " lines per second)");
  suppressed_ = 0;
}

}  // namespace ferry::exec
