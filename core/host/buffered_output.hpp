#pragma once
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "buffer/buffer.hpp"
#include "buffer/retry_state.hpp"
#include "host/instance.hpp"
#include "router/stages.hpp"

namespace ferry::host {

// Where a chunk goes when the output gives up on it (DROP, retry limit):
// the <secondary> output if any, else <label @ERROR> when the config has
// one, else the backup directory. Never silently away.
struct DeadLetterRoute {
  // Emits the chunk's events to <label @ERROR>; false when there is no such
  // label (then the chunk is backed up to a file instead). May be empty.
  std::function<bool(std::string_view tag, const EventBatch& events, std::string_view error)>
      to_error_label;
};

struct BufferedOutputCounters {
  uint64_t flushed_chunks = 0;      // written OK (primary or secondary)
  uint64_t failed_flushes = 0;      // RETRY answers and commit timeouts
  uint64_t dead_letter_chunks = 0;  // given up: secondary, @ERROR or backup
  uint64_t dead_letter_records = 0;
  uint64_t backed_up_chunks = 0;  // of those, to the backup dir
  uint64_t slow_flushes = 0;
};

// The router's view of a buffered output (FERRY_CAP_BUFFERED with a buffer
// in use): write() only appends to the Buffer and answers at once; flushing
// runs on the instance's loop, owned by the core: flush_mode timing,
// flush_thread_count chunks in flight, RetryState, <secondary>, dead
// letters, flush_at_shutdown, SIGUSR1. The plugin's write() gets each chunk
// (ferry_chunk with chunk_id/meta/retry_count) and completes it OK, RETRY
// or DROP; records it rejects alone it sends with emit_error itself.
//
// write() answers:
// - FERRY_OK: every event is in the buffer (or a too-large single event
//   went to the error path and the rest is in the buffer);
// - FERRY_RETRY synchronously: the buffer is full (overflow_action
//   throw_exception or block) or the disk failed: nothing was taken, the
//   router hands the RETRY back to the input (backpressure: in_http 503,
//   exec pauses);
// - FERRY_DROP: the batch is not a MessagePack event stream.
//
// Ferry differs from Fluentd when the retry limit is reached: only the
// failing chunk leaves the queue (to the dead-letter route above), the
// rest stays and keeps being flushed (Fluentd purges the whole queue).
class BufferedOutput : public router::OutputStage {
 public:
  struct Setup {
    Instance* instance = nullptr;   // the output plugin; outlives this
    Instance* secondary = nullptr;  // <secondary>, may be null; outlives this
    std::unique_ptr<buffer::Buffer> buffer;
    boost::asio::io_context* loop = nullptr;  // the instance's loop
    DeadLetterRoute dead_letters;
    // Monotonic seconds (default steady_clock) and the retry jitter source
    // (default mt19937): injectable for tests.
    std::function<double()> clock;
    std::function<double()> random01;
  };
  explicit BufferedOutput(Setup setup);
  // Saves what a memory buffer still holds to the backup dir (nothing a
  // buffer accepted is thrown away); file chunks stay where they are for
  // the next start.
  ~BufferedOutput() override;

  // router::OutputStage
  void write(std::string_view tag, const EventBatch& batch, router::WriteDone done) override;
  bool buffered() const override { return true; }

  // After the instance started: resume (file), then the flush timers.
  void start();
  // Graceful stop: flush_at_shutdown => enqueue all and flush until the
  // queue is empty, a retry is pending or `deadline_sec` (seconds from now)
  // passed; then the timers stop. Writes still in flight complete later
  // (the instance's stop/destroy finishes them) and are put back. Call
  // before the instance stops.
  void stop(double deadline_sec);
  // SIGUSR1 (Fluentd's force_flush): enqueue every staged chunk and flush
  // until the queue is empty or a retry is pending (retry waits are kept).
  void flush_now();

  const buffer::Buffer& buffer() const;
  bool overflowing() const;
  BufferedOutputCounters counters() const;
  // A retry sequence is on (a flush failed and has not succeeded since).
  bool retrying() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace ferry::host
