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
};

}  // namespace ferry::router
