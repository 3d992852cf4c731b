#pragma once
// Groups the events of one read into batches (consecutive events with the
// same tag go out as one emit) and hands them to the router. When the
// router pushes back (FERRY_RETRY), the batch is kept and `blocked()` turns
// true: the input stops reading the command, so the pipe fills and the
// command waits, instead of Ferry queueing its output without limit.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "ferry/host.hpp"

namespace ferry::exec {

class Emitter {
 public:
  explicit Emitter(const ferry::Host& host) : host_(host) {}

  // Adds one [time, record] event (copied).
  void append(std::string_view tag, std::string_view event);
  // Emits what append() gathered (or queues it behind held batches).
  void flush();
  // Retries the held batches in order; true when none is left.
  bool retry();
  bool blocked() const { return !held_.empty(); }
  // Shutdown: one last try, then the rest is dropped with a warning.
  void drain_at_stop();

  uint64_t emitted() const { return emitted_; }

 private:
  struct Batch {
    std::string tag;
    std::string events;
    uint32_t count = 0;
  };
  // FERRY_OK or FERRY_DROP (the router dumped them): done; FERRY_RETRY: keep.
  bool send(Batch& b);

  ferry::Host host_;
  Batch current_;
  std::deque<Batch> held_;
  uint64_t emitted_ = 0;
};

}  // namespace ferry::exec
