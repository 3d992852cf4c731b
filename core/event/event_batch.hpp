#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ferry {

// An immutable batch of events: a MessagePack stream of [time, record] pairs
// (no outer array), exactly the bytes Fluentd writes into a buffer chunk.
// Shared, never copied between stages: a filter that changes nothing hands
// the same batch on, and out_copy gives every store the same bytes.
class EventBatch {
 public:
  EventBatch() = default;
  EventBatch(std::string bytes, uint32_t count)
      : bytes_(std::make_shared<const std::string>(std::move(bytes))), count_(count) {}
  // Bytes someone else already shares (a queued memory buffer chunk).
  EventBatch(std::shared_ptr<const std::string> bytes, uint32_t count)
      : bytes_(std::move(bytes)), count_(count) {}

  const uint8_t* data() const {
    return bytes_ ? reinterpret_cast<const uint8_t*>(bytes_->data()) : nullptr;
  }
  size_t size() const { return bytes_ ? bytes_->size() : 0; }
  std::string_view view() const { return bytes_ ? std::string_view(*bytes_) : std::string_view(); }
  uint32_t count() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  std::shared_ptr<const std::string> bytes_;
  uint32_t count_ = 0;
};

}  // namespace ferry
