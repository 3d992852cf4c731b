#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "event/event_batch.hpp"
#include "ferry/abi.h"

namespace ferry::router {

// What the router calls. The host adapts loaded plugins to these; tests and
// benchmarks implement them directly.

struct FilterOutcome {
  enum class Kind { Unchanged, Rewritten, Failed } kind = Kind::Unchanged;
  EventBatch batch;   // for Rewritten (may be empty: all dropped)
  std::string error;  // for Failed
};

class FilterStage {
 public:
  virtual ~FilterStage() = default;
  // Synchronous, no I/O. Per-record errors go through the error path the
  // stage was given; a Failed outcome sends the whole batch there.
  virtual FilterOutcome filter(std::string_view tag, const EventBatch& in) = 0;
};

// Called exactly once per write, from any thread.
using WriteDone = std::function<void(ferry_status status, std::string_view message)>;

class OutputStage {
 public:
  virtual ~OutputStage() = default;
  virtual void write(std::string_view tag, const EventBatch& batch, WriteDone done) = 0;
  // A buffered output answers RETRY synchronously only when its buffer is
  // full: the router then hands FERRY_RETRY back to the emitter
  // (backpressure) instead of sending the batch to the error path.
  virtual bool buffered() const { return false; }
};

// Marks "a full buffer pushed back" on the calling thread. A buffered
// stage calls it before it answers RETRY synchronously (the router also
// calls it for a buffered() stage that did not); this matters where a
// buffered stage is written to outside the router (copy's <store>s go
// straight to their instance). A stage that is not buffered itself (copy,
// relabel) and completes synchronously with RETRY while the count moved is
// then treated as pushing back too, because the RETRY came from a full
// buffer below it; any other RETRY from an unbuffered stage still goes to
// the error path.
void note_backpressure();
// How many times note_backpressure() ran on this thread (compare before and
// after a nested call).
uint64_t backpressure_count();

}  // namespace ferry::router
