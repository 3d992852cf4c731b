#pragma once
// The events of consecutive messages with the same tag, and the offsets
// they cover per partition: what one emit carries and what its acceptance
// lets the consumer store.
#include <cstdint>
#include <string>
#include <vector>

namespace ferry::kafka_group {

struct PartitionRange {
  std::string topic;
  int32_t partition = 0;
  int64_t first = 0;  // first message's offset
  int64_t next = 0;   // last message's offset + 1: the offset to store
};

struct Batch {
  std::string tag;
  std::string events;
  uint32_t count = 0;     // events (a message may parse into several, or none)
  uint32_t messages = 0;  // messages covered
  std::vector<PartitionRange> ranges;
  uint32_t retries = 0;  // FERRY_RETRY answers so far

  // Records that `offset` of topic/partition is in the batch.
  void cover(const char* topic, int32_t partition, int64_t offset) {
    ++messages;
    for (PartitionRange& r : ranges) {
      if (r.partition == partition && r.topic == topic) {
        r.next = offset + 1;
        return;
      }
    }
    ranges.push_back({topic, partition, offset, offset + 1});
  }
};

}  // namespace ferry::kafka_group
