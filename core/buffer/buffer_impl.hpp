#pragma once
// Internal state of Buffer, shared by buffer.cpp (queue, resume, stats),
// buffer_write.cpp (write and its split) and buffer_enqueue.cpp (enqueue
// rules, overflow victims, backups). Not part of the public interface.
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "buffer/buffer.hpp"
#include "buffer/chunk_body_pool.hpp"

namespace ferry::buffer {

struct MetadataHash {
  size_t operator()(const ChunkMetadata& m) const noexcept;
};

struct Buffer::Impl {
  struct Entry {
    std::unique_ptr<Chunk> chunk;
    // For the interval rule: Setup::now_sec when created here, the meta's
    // "c" when resumed (Fluentd's raw_create_at).
    int64_t created = 0;
    uint64_t order = 0;  // staging order: the enqueue rules walk oldest first
    // Queue only: false while Chunk::enqueue (fsync + rename) runs outside
    // the mutex; dequeue and drop_oldest_chunk never take such an entry.
    bool ready = true;
    // write()'s Touch for this chunk, valid while touched_gen == write_gen.
    uint64_t touched_gen = 0;
    size_t touch = 0;
  };

  // One write's bookkeeping for a chunk it touched (created, appended to or
  // took off the stage), so the write commits or rolls back as a whole.
  struct Touch {
    Chunk* chunk = nullptr;
    uint64_t bytes_before = 0;  // committed bytes when the write began
    uint64_t records_before = 0;
    bool created = false;  // made by this write
    bool closed = false;   // taken off the stage by this write: owns it
    Entry entry;           // the stage entry while `closed`
  };

  explicit Impl(const Buffer::Setup& setup);

  const Buffer::Setup& setup;
  bool file = false;
  uint64_t total_limit = 0;  // total_limit_size, or chunk_limit_size * queue_limit_length
  FileChunkOptions chunk_options;
  std::filesystem::path backup_dir;     // resolved (never empty)
  std::shared_ptr<ChunkBodyPool> pool;  // memory buffers only

  // Two locks, always taken in this order. `write_mu`: writers and the
  // enqueue passes, i.e. whoever changes what the staged chunks hold; the
  // appends themselves (a memcpy, a pwrite) run under it alone. `mu`: the
  // staged map, the queue, the stats, commits; held briefly, so flushers
  // (dequeue, commit, takeback), which take only `mu`, are never stalled
  // behind a writer's copy.
  std::mutex write_mu;
  mutable std::mutex mu;
  std::unordered_map<ChunkMetadata, Entry, MetadataHash> staged;
  std::deque<Entry> queue;
  std::unordered_map<const Chunk*, Entry> dequeued;
  uint64_t next_order = 0;
  uint64_t next_sequence = 0;
  BufferStats stats;
  std::vector<Touch> touches;  // write()'s scratch, reused under `write_mu`
  uint64_t write_gen = 0;

  // write(), under `write_mu`; each takes `mu` where it touches shared
  // state (buffer_write.cpp), except settle(), called with `mu` held.
  bool place_run(std::string_view tag, const MetadataSplitter::Run& run,
                 std::vector<RejectedEvent>& rejected, std::string* error);
  // The touch of the staged chunk for `metadata`, creating the chunk when
  // there is none; SIZE_MAX and *error when it cannot be created.
  size_t touch_for(const ChunkMetadata& metadata, std::string* error);
  // Takes a touched chunk off the stage (it will be queued after commit).
  void close_touched(size_t touch);
  // Commits every touch, or rolls back from the first failure on; then
  // settles the stage and the queue. False when anything was rolled back.
  bool settle(bool placed, std::vector<Chunk*>& moving, std::string* error);

  int64_t now() const;
  bool storable_locked() const { return total_limit > stats.staged_bytes + stats.queued_bytes; }
  // Pooled bodies are memory the limits do not count: keep data + pool
  // within total_limit (all of the pool goes when the buffer is full).
  void trim_pool_locked();
  bool full(const Chunk& c) const;  // Fluentd's chunk_size_full?

  // A new empty chunk for `metadata` (nullptr and *error on I/O failure).
  std::unique_ptr<Chunk> new_chunk(const ChunkMetadata& metadata, std::string* error) const;

  // Stage -> queue (not ready yet); `moving` collects the chunk so that
  // finish_enqueue() can run Chunk::enqueue outside the mutex. An empty
  // chunk is purged instead (Fluentd drops it). Bytes move from the staged
  // to the queued count.
  void queue_locked(Entry entry, std::vector<Chunk*>& moving);
  // Chunk::enqueue for each (mutex NOT held), then marks them ready.
  void finish_enqueue(const std::vector<Chunk*>& moving);

  // drop_oldest_chunk: takes the oldest ready queued chunk out of the
  // queue (counted, bytes released); nullptr when there is none.
  std::unique_ptr<Chunk> take_oldest_locked();
  // Saves a dropped chunk to the backup dir, purges it and logs (mutex NOT held).
  void dispose_dropped(std::unique_ptr<Chunk> victim);

  // Fluentd's backup: <backup_dir>/<chunk id hex>.log, the decompressed
  // body appended. The path, or "" and *error.
  std::string backup_chunk(const Chunk& chunk, std::string* error) const;
  // Purges outside the mutex; failures are logged (the files stay on disk
  // and are delivered again after a restart: a duplicate, never a loss).
  void purge(Chunk& chunk) const;
};

}  // namespace ferry::buffer
