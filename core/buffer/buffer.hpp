#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buffer/buffer_options.hpp"
#include "buffer/chunk.hpp"
#include "buffer/placeholders.hpp"

namespace ferry::buffer {

// Why a write was not taken.
enum class WriteResult {
  kOk,        // every event is in a chunk (committed)
  kOverflow,  // total_limit_size / queue limit reached: nothing taken;
              // the caller pushes back (overflow_action throw/block)
  kTooLarge,  // a single event exceeds chunk_limit_size: see rejected
  kError,     // I/O error (disk full...): nothing taken, see error (only
              // a failed .meta rewrite at commit may leave the write's
              // earlier chunks committed: a retry duplicates, never loses)
};

// One event the buffer refused alone (larger than a whole chunk): it goes
// to the error path, the rest of the write is kept.
struct RejectedEvent {
  std::string tag;
  std::string event;  // [time, record]
  std::string reason;
};

struct BufferStats {
  uint64_t staged_chunks = 0, queued_chunks = 0, dequeued_chunks = 0;
  uint64_t staged_bytes = 0, queued_bytes = 0;  // incl. dequeued
  uint64_t records_in = 0;                      // accepted since start
  uint64_t overflows = 0;                       // writes refused (kOverflow)
  uint64_t dropped_oldest_chunks = 0;           // drop_oldest_chunk victims
  // Memory buffers: bodies of flushed chunks kept for new ones
  // (ChunkBodyPool), their capacity, and how often one was reused.
  uint64_t pooled_bodies = 0, pooled_body_bytes = 0, reused_bodies = 0;
};

// A chunk taken out of the queue for a flush. The buffer keeps ownership;
// the handle stays valid until commit() / takeback() / purge_dequeued().
struct DequeuedChunk {
  Chunk* chunk = nullptr;
  uint64_t sequence = 0;  // dequeue order, for logs
};

// Fluentd's Buffer (buffer.rb) over MemoryChunk / FileChunk: one staged
// chunk per metadata, a FIFO queue, limits, the enqueue rules of
// output.rb's enqueue thread, and resume. Thread-safe: write() may run on
// any number of threads while a flusher dequeues; writers are serialised
// among themselves, and their appends (a memcpy or a pwrite) never hold up
// dequeue/commit/takeback (see Buffer::Impl's two locks).
class Buffer {
 public:
  // `name` is for logs ("output 'kafka2' (@id k)"). For file buffers,
  // `location` is where chunks live and `backup_dir` where damaged or
  // dropped chunks go (Fluentd's <root_dir>/backup/worker0/<id>/ layout).
  struct Setup {
    BufferOptions options;
    std::string name;
    FileChunkLocation location;        // file only
    std::filesystem::path backup_dir;  // may be empty: /tmp/ferry/backup/...
    std::function<int64_t()> now_sec;  // injectable clock; default time()
  };
  static std::unique_ptr<Buffer> create(Setup setup, std::string* error);
  ~Buffer();

  // Loads chunks left by an earlier run (file buffers; Ferry's or
  // Fluentd's): staged chunks back to staged (enqueued when full or when a
  // second staged chunk has the same metadata), queued ones queued in `m`
  // order. Logs what recovery repaired. No-op for memory buffers.
  void resume();

  // Appends the runs (from MetadataSplitter) atomically per run: a run is
  // either fully committed or not at all. A run too big for the staged
  // chunk fills it, enqueues it and continues in new chunks (Fluentd's
  // split). Full chunks (>= chunk_full_threshold of a limit) are enqueued
  // at once; flush_mode immediate enqueues every chunk written.
  // overflow_action drop_oldest_chunk purges the oldest queued chunk (to
  // the backup dir, counted and logged) and tries once more.
  WriteResult write(std::string_view tag, std::vector<MetadataSplitter::Run>& runs,
                    std::vector<RejectedEvent>& rejected, std::string* error);

  // The enqueue thread's rule at time `now`: timekey windows that expired
  // (timekey + timekey_wait), interval chunks older than flush_interval
  // (creation time, integer seconds), within queued_chunks_limit_size.
  // Returns how many chunks were enqueued. File chunks are fsynced (policy
  // `enqueue`) and renamed on the calling thread, outside the mutex.
  size_t enqueue_due(int64_t now);
  // SIGUSR1 / shutdown: every staged chunk with data goes to the queue.
  size_t enqueue_all();

  // Oldest queued chunk, or nullopt. Also nullopt for a moment while the
  // head chunk is still being enqueued by another thread (a file chunk's
  // fsync and b -> q rename run outside the mutex); queue_empty() is false
  // then, so poll again rather than treat the queue as drained.
  std::optional<DequeuedChunk> dequeue();
  // Flushed: purge it (files unlinked).
  void commit(const DequeuedChunk& c);
  // Failed, will be retried: back to the head of the queue.
  void takeback(const DequeuedChunk& c);
  // Gave up on it (moved elsewhere by the caller): remove without flushing.
  void purge_dequeued(const DequeuedChunk& c);
  // The committed body of a chunk (decompressed), a copy.
  bool read(const DequeuedChunk& c, std::string& out, std::string* error) const;
  // The same as the batch an output writes: a memory chunk's own bytes,
  // shared, not copied (the same bytes again after a takeback); a file
  // chunk's read from disk.
  bool read_batch(const DequeuedChunk& c, EventBatch& out, std::string* error) const;

  // A copy of the chunk body to `backup_dir/<chunk id hex>.log` (Fluentd's
  // backup naming); the path written, or "" on failure (*error).
  std::string backup(const DequeuedChunk& c, std::string* error);

  bool queue_empty() const;
  size_t queued() const;
  bool has_staged_data() const;
  BufferStats stats() const;
  // True while a write would overflow (inputs poll this to resume).
  bool overflowing() const;
  const BufferOptions& options() const { return setup_.options; }
  const Setup& setup() const { return setup_; }

 private:
  explicit Buffer(Setup setup);
  struct Impl;
  Setup setup_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry::buffer
