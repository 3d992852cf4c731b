// The state of one chunk being produced to Kafka: where producing stands
// (a chunk can wait for room in librdkafka's queue), one MessageRef per
// produced message (the delivery report's opaque), and the counters that
// decide when and how the chunk completes.
#pragma once
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ferry::out_kafka2 {

struct ChunkSend;

// librdkafka's msg_opaque: which chunk and record a delivery report is
// for, and the partition key the partitioner hashes (partition_key_key
// differs from the message key). Never moves once produced (a deque).
struct MessageRef {
  ChunkSend* send = nullptr;
  uint32_t index = 0;  // the record's position in the chunk
  std::optional<std::string> partition_key;
};

struct ChunkSend {
  uint64_t token = 0;
  std::string chunk_id;
  std::string tag;
  std::string topic;
  rd_kafka_topic_t* rkt = nullptr;
  const uint8_t* next = nullptr;  // the next event to produce
  const uint8_t* end = nullptr;
  uint32_t index = 0;  // of `next`
  uint32_t count = 0;  // events in the chunk
  // Per record: delivered, or sent to the error path. Kept across a RETRY
  // of the same chunk so those records are not sent again.
  std::vector<bool> done;
  std::deque<MessageRef> messages;
  size_t outstanding = 0;  // produced, delivery report not yet served
  bool producing_done = false;
  size_t failed = 0;
  std::string first_error;

  ~ChunkSend() {
    if (rkt) rd_kafka_topic_destroy(rkt);
  }
};

}  // namespace ferry::out_kafka2
