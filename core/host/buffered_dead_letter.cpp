// Where a chunk goes when the output gives up on it (DROP, retry limit, an
// unreadable body): <secondary>, else <label @ERROR>, else the backup dir
// (Fluentd's <root_dir>/backup/worker0/<plugin id>/<chunk id>.log). Ferry
// moves only that chunk; the rest of the queue stays.
#include "host/buffered_output_impl.hpp"
#include "telemetry/log.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::host {

bool BufferedOutput::Impl::dead_letter_locked(size_t slot, const buffer::DequeuedChunk& c,
                                              const std::string& chunk_hex,
                                              const std::string& error, bool try_secondary) {
  if (try_secondary && setup.secondary) {
    begin_write(slot, c, /*secondary=*/true, /*dead_letter=*/true);
    return true;
  }
  uint64_t records = c.chunk->records();
  auto count = [&] {
    ++counters.dead_letter_chunks;
    counters.dead_letter_records += records;
    failures.erase(c.chunk);
  };
  if (to_error_label_locked(c, chunk_hex, error)) {
    count();
    buf.purge_dequeued(c);
    return false;
  }
  if (opts.disable_chunk_backup) {
    // The user chose this (Fluentd's disable_chunk_backup): logged, counted.
    log::warn("disable_chunk_backup is true. " + chunk_hex + " chunk is thrown away (" +
                  std::to_string(records) + " records)",
              &log_ctx);
    count();
    buf.purge_dequeued(c);
    return false;
  }
  if (to_backup_locked(c, chunk_hex, error)) {
    count();
    ++counters.backed_up_chunks;
    buf.purge_dequeued(c);
    return false;
  }
  // Nowhere to put it (disk full?): it stays queued, behind a retry wait so
  // that it is not tried in a busy loop.
  log::error("cannot move the chunk out of the queue; it stays queued chunk_id=" +
                 text::ruby_string_inspect(chunk_hex),
             &log_ctx);
  buf.takeback(c);
  update_retry_state_locked(chunk_hex, false, nullptr);
  return false;
}

bool BufferedOutput::Impl::to_error_label_locked(const buffer::DequeuedChunk& c,
                                                 const std::string& chunk_hex,
                                                 const std::string& error) {
  if (!setup.dead_letters.to_error_label) return false;
  // The events of a chunk carry their tag only when `tag` is a chunk key;
  // without it they cannot be re-emitted under their own tag.
  const auto& tag = c.chunk->metadata().tag;
  if (!tag) return false;
  std::string read_error;
  EventBatch batch;
  if (!buf.read_batch(c, batch, &read_error)) return false;
  uint64_t records = c.chunk->records();
  if (!setup.dead_letters.to_error_label(*tag, batch, error)) return false;
  log::warn("the chunk was sent to @ERROR chunk_id=" + text::ruby_string_inspect(chunk_hex) +
                " tag=" + text::ruby_string_inspect(*tag) + " records=" + std::to_string(records),
            &log_ctx);
  return true;
}

bool BufferedOutput::Impl::to_backup_locked(const buffer::DequeuedChunk& c,
                                            const std::string& chunk_hex, const std::string& why) {
  std::string error;
  std::string path = buf.backup(c, &error);
  if (path.empty()) {
    log::error(
        "cannot back up the chunk chunk_id=" + text::ruby_string_inspect(chunk_hex) + ": " + error,
        &log_ctx);
    return false;
  }
  // Fluentd's words, plus what and why.
  log::warn("bad chunk is moved to " + path + " records=" + std::to_string(c.chunk->records()) +
                " reason=" + text::ruby_string_inspect(why),
            &log_ctx);
  return true;
}

void BufferedOutput::Impl::save_memory_leftovers() {
  if (opts.type != buffer::BufferType::kMemory) return;
  std::lock_guard lock(mu);
  // Writes still in flight: their chunks are saved too (a late OK would
  // only make them a duplicate, never a loss).
  std::vector<buffer::DequeuedChunk> held;
  for (auto& [id, a] : attempts) held.push_back(a.chunk);
  attempts.clear();
  buf.enqueue_all();
  while (auto c = buf.dequeue()) held.push_back(*c);
  if (held.empty()) return;
  uint64_t chunks = 0, records = 0;
  for (const auto& c : held) {
    std::string hex = c.chunk->id().hex();
    uint64_t n = c.chunk->records();
    if (!to_backup_locked(c, hex, "memory buffer not flushed at shutdown")) {
      log::error("lost " + std::to_string(n) +
                     " records of the memory buffer at shutdown chunk_id=" +
                     text::ruby_string_inspect(hex),
                 &log_ctx);
      continue;
    }
    buf.purge_dequeued(c);
    ++chunks;
    records += n;
  }
  log::warn("the memory buffer still held " + std::to_string(records) + " records in " +
                std::to_string(chunks) +
                " chunks at shutdown; they were saved to the backup dir (see above)",
            &log_ctx);
}

}  // namespace ferry::host
