#pragma once
#include "host/instance.hpp"
#include "router/stages.hpp"

namespace ferry::host {

// The router's view of a loaded filter plugin. The instance must outlive it.
class FilterStageAdapter : public router::FilterStage {
 public:
  explicit FilterStageAdapter(Instance& instance) : instance_(instance) {}
  router::FilterOutcome filter(std::string_view tag, const EventBatch& in) override {
    return instance_.filter(tag, in);
  }

 private:
  Instance& instance_;
};

// The router's view of a loaded output plugin. `done` runs exactly once,
// possibly on another thread, possibly before write() returns.
class OutputStageAdapter : public router::OutputStage {
 public:
  explicit OutputStageAdapter(Instance& instance) : instance_(instance) {}
  void write(std::string_view tag, const EventBatch& batch, router::WriteDone done) override {
    instance_.write(tag, batch, std::move(done));
  }

 private:
  Instance& instance_;
};

}  // namespace ferry::host
