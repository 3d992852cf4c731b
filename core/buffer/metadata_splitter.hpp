#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "buffer/buffer_options.hpp"
#include "buffer/chunk_meta.hpp"

namespace ferry::buffer {

// Cuts a batch of [time, record] events into runs of equal chunk metadata
// (Fluentd's metadata_for_event + write grouping): tag when `tag` is a key,
// the timekey window of each event's time, and the values of record keys
// (msgpack bytes; nil when missing). With only `tag` (or no keys) the whole
// batch is one run and nothing is decoded.
class MetadataSplitter {
 public:
  explicit MetadataSplitter(const BufferOptions& options);
  ~MetadataSplitter();

  struct Run {
    ChunkMetadata metadata;
    std::string events;  // the events of this metadata, in input order
    uint32_t count = 0;
  };
  // `batch`: a msgpack stream of [time, record] pairs. Appends one Run per
  // distinct metadata (first-seen order). False and *error when the batch
  // is malformed (nothing appended). A record key whose path cannot be
  // followed (Hash#dig into a string) reads as nil, like a missing one.
  bool split(std::string_view tag, std::string_view batch, uint32_t count, std::vector<Run>& out,
             std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::buffer
