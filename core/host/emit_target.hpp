#pragma once
#include <string_view>

#include "event/event_batch.hpp"
#include "ferry/abi.h"

namespace ferry::host {

// Where a plugin instance's emits go. The engine binds it to the router
// with the instance's label (its @label, or the label it lives in).
class EmitTarget {
 public:
  virtual ~EmitTarget() = default;
  virtual ferry_status emit(std::string_view tag, const EventBatch& batch) = 0;
  // One [time, record] event to the error path (@ERROR or a warning).
  // `error_class`: the Ruby class Fluentd logs for it; empty: the default.
  virtual void emit_error(std::string_view tag, std::string_view event, std::string_view reason,
                          std::string_view error_class) = 0;
};

}  // namespace ferry::host
