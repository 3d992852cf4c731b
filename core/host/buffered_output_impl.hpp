#pragma once
// BufferedOutput's state, shared by buffered_output.cpp (router side,
// start/stop), buffered_flush.cpp (flush slots, completions, retries) and
// buffered_dead_letter.cpp (secondary, @ERROR, backup). Host-private.
//
// Threads: write() runs on any router thread and touches only the Buffer
// (thread-safe) and atomics. Everything else runs on the instance's loop or
// on the control thread (start/stop/flush_now), under `mu`; plugin
// completions arrive on any thread and are posted to the loop. Loop
// handlers hold a shared_ptr to the Impl, so they may outlive the
// BufferedOutput and then find `closed` set.
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/buffered_output.hpp"

namespace ferry::host {

struct BufferedOutput::Impl : std::enable_shared_from_this<BufferedOutput::Impl> {
  // Fluentd's flush threads: each writes one chunk at a time and then waits
  // until next_clock (flush_thread_interval when idle,
  // flush_thread_burst_interval between chunks, the retry time when
  // retrying).
  struct Slot {
    explicit Slot(boost::asio::io_context& loop) : timer(loop) {}
    boost::asio::steady_timer timer;
    double next_clock = 0;
    bool busy = false;
  };
  // One write of a chunk in flight.
  struct Attempt {
    buffer::DequeuedChunk chunk;
    std::string chunk_hex;
    size_t slot = 0;
    double started = 0;
    bool secondary = false;    // written by the <secondary>
    bool dead_letter = false;  // a DROP/limit hand-over to the secondary
    std::unique_ptr<boost::asio::steady_timer> commit_timer;  // delayed_commit_timeout
  };

  explicit Impl(Setup s);

  Setup setup;
  buffer::Buffer& buf;
  const buffer::BufferOptions& opts;
  const log::Context log_ctx;  // a copy: logs may outlive nothing they point at
  buffer::MetadataSplitter splitter;
  std::mutex splitter_mu;  // split() keeps per-call scratch

  mutable std::mutex mu;
  std::condition_variable cv;  // attempts finished / retry state changed (stop waits)
  bool running = false;
  bool closed = false;   // the BufferedOutput is gone
  bool forcing = false;  // flush_now / shutdown: no burst waits until empty
  std::vector<std::unique_ptr<Slot>> slots;
  std::unique_ptr<boost::asio::steady_timer> enqueue_timer;
  double enqueue_interval = 0;  // 0: no enqueue timer (lazy without time key)
  std::map<uint64_t, Attempt> attempts;
  uint64_t next_attempt = 0;
  std::optional<buffer::RetryState> retry;
  uint64_t limit_steps = 0;  // steps of the retry state that last hit the limit (for the log)
  std::unordered_map<const buffer::Chunk*, uint32_t> failures;  // retry_count per chunk
  BufferedOutputCounters counters;
  // Plugin calls queued while `mu` is held, run by the handler after it
  // unlocks (a plugin may complete inline, which must not find `mu` held).
  std::vector<std::function<void()>> deferred;

  // write() side, lock-free.
  std::atomic<bool> retrying{false};     // mirrors retry.has_value()
  std::atomic<bool> kick_posted{false};  // one pending kick at a time

  double now() const { return setup.clock(); }

  // --- buffered_flush.cpp (loop, under mu unless noted)
  void start_timers();
  void arm_enqueue_timer();
  void on_enqueue_tick();
  // Wakes an idle slot now (Fluentd's submit_flush_once), when not retrying.
  void kick_locked();
  void post_kick();  // any thread
  void run_slot(size_t i);
  void arm_slot(size_t i, double at);
  double next_flush_time() const;
  // Reads the chunk and hands it to the plugin (after `mu` is released,
  // through `deferred`); the slot is busy until the attempt finishes.
  void begin_write(size_t slot, buffer::DequeuedChunk c, bool secondary, bool dead_letter);
  void on_complete(uint64_t id, ferry_status status, const std::string& message);
  void on_commit_timeout(uint64_t id);
  void finish_attempt_locked(Attempt& a, ferry_status status, const std::string& message,
                             bool timed_out);
  void release_slot_locked(size_t slot);
  // Fluentd's update_retry_state; true when the retry limit was reached
  // (the state is then reset, as Fluentd does).
  bool update_retry_state_locked(const std::string& chunk_hex, bool secondary,
                                 const std::string* error);
  void check_slow_flush(double started);
  std::string describe_chunk(const buffer::DequeuedChunk& c) const;

  // --- buffered_dead_letter.cpp (loop, under mu)
  // Gives up on a dequeued chunk: to the secondary (when `try_secondary`
  // and there is one; asynchronous, the slot stays busy), else @ERROR, else
  // the backup dir. A chunk that cannot be saved anywhere goes back to the
  // queue (logged, with a retry wait): never lost. True when the secondary
  // write started (the slot stays busy until it answers).
  bool dead_letter_locked(size_t slot, const buffer::DequeuedChunk& c, const std::string& chunk_hex,
                          const std::string& error, bool try_secondary);
  bool to_error_label_locked(const buffer::DequeuedChunk& c, const std::string& chunk_hex,
                             const std::string& error);
  bool to_backup_locked(const buffer::DequeuedChunk& c, const std::string& chunk_hex,
                        const std::string& why);
  // At close: memory chunks still held go to the backup dir.
  void save_memory_leftovers();
};

// Ruby's Time#inspect of a whole second in local time, as Fluentd logs
// next_retry_time ("2024-01-02 03:04:07 +0900").
std::string ruby_time_inspect(double unix_sec);

}  // namespace ferry::host
