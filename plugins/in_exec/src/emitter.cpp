#include "emitter.hpp"

#include <utility>

namespace ferry::exec {
namespace {

// A batch is cut here even within one read, to keep emits a sane size.
constexpr size_t kMaxBatchBytes = 1 << 20;

}  // namespace

void Emitter::append(std::string_view tag, std::string_view event) {
  if (current_.count > 0 && tag != current_.tag) flush();
  if (current_.count == 0) current_.tag.assign(tag);
  current_.events.append(event);
  ++current_.count;
  if (current_.events.size() >= kMaxBatchBytes) flush();
}

void Emitter::flush() {
  if (current_.count == 0) return;
  Batch b = std::exchange(current_, Batch{});
  if (!held_.empty() || !send(b)) held_.push_back(std::move(b));
}

bool Emitter::send(Batch& b) {
  ferry_status s = host_.emit(b.tag, b.events, b.count);
  if (s == FERRY_RETRY) return false;
  // FERRY_DROP: no route took them and there is no @ERROR label; the router
  // has logged every event already.
  if (s == FERRY_OK) emitted_ += b.count;
  return true;
}

bool Emitter::retry() {
  while (!held_.empty()) {
    if (!send(held_.front())) return false;
    held_.pop_front();
  }
  return true;
}

void Emitter::drain_at_stop() {
  flush();
  retry();
  uint64_t dropped = 0;
  for (const Batch& b : held_) dropped += b.count;
  held_.clear();
  if (dropped > 0)
    host_.warn("shutting down while downstream pushes back: ", dropped,
               " events of the command's output dropped");
}

}  // namespace ferry::exec
