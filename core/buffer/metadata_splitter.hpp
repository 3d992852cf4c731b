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

  // The events of one metadata, in input order. `events` views the
  // caller's batch when they are one contiguous slice of it (always with
  // tag-only or no keys, and for events grouped by window or key), so the
  // batch must outlive the Run; only a run whose events are interleaved
  // with other runs' owns a copy (own()). Copies and moves keep `events`
  // pointing at the right bytes.
  struct Run {
    ChunkMetadata metadata;
    std::string_view events;
    uint32_t count = 0;

    Run() = default;
    Run(const Run& o) : metadata(o.metadata), events(o.events), count(o.count) { copy_owned(o); }
    Run(Run&& o) noexcept : metadata(std::move(o.metadata)), events(o.events), count(o.count) {
      move_owned(o);
    }
    Run& operator=(const Run& o) {
      if (this != &o) {
        metadata = o.metadata;
        events = o.events;
        count = o.count;
        copy_owned(o);
      }
      return *this;
    }
    Run& operator=(Run&& o) noexcept {
      if (this != &o) {
        metadata = std::move(o.metadata);
        events = o.events;
        count = o.count;
        move_owned(o);
      }
      return *this;
    }
    // The run keeps its own copy of `bytes` and views it.
    void own(std::string bytes) {
      owned_ = std::move(bytes);
      owns_ = true;
      events = owned_;
    }
    bool owns() const { return owns_; }

   private:
    void copy_owned(const Run& o) {
      owns_ = o.owns_;
      owned_ = o.owned_;
      if (owns_) events = owned_;
    }
    void move_owned(Run& o) {
      owns_ = o.owns_;
      owned_ = std::move(o.owned_);
      if (owns_) events = owned_;  // a short string moves out of its inline buffer
      o.owns_ = false;
      o.events = {};
    }
    std::string owned_;
    bool owns_ = false;
  };
  // `batch`: a msgpack stream of [time, record] pairs. Appends one Run per
  // distinct metadata (first-seen order). False and *error when the batch
  // is malformed (nothing appended). A record key whose path cannot be
  // followed (Hash#dig into a string) reads as nil, like a missing one.
  // Runs that view `batch` are valid while `batch`'s bytes are.
  bool split(std::string_view tag, std::string_view batch, uint32_t count, std::vector<Run>& out,
             std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::buffer
