// Stage -> queue: the enqueue rules of Fluentd's enqueue thread
// (output.rb#enqueue_thread_run), enqueue_all, and what overflow_action
// drop_oldest_chunk does with its victim.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "buffer/buffer.hpp"
#include "buffer/buffer_impl.hpp"
#include "telemetry/log.hpp"

namespace ferry::buffer {

namespace {

int64_t floor_mod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

}  // namespace

void Buffer::Impl::queue_locked(Entry entry, std::vector<Chunk*>& moving) {
  uint64_t bytes = entry.chunk->bytes();
  stats.staged_bytes -= bytes;
  if (entry.chunk->records() == 0) {
    // Nothing was ever committed to it (Fluentd closes such a chunk).
    purge(*entry.chunk);
    return;
  }
  stats.queued_bytes += bytes;
  entry.ready = false;
  moving.push_back(entry.chunk.get());
  queue.push_back(std::move(entry));
}

void Buffer::Impl::finish_enqueue(const std::vector<Chunk*>& moving) {
  if (moving.empty()) return;
  // FileChunk::enqueue fsyncs (policy `enqueue`) and renames b -> q: writers
  // keep appending to other chunks meanwhile.
  for (Chunk* chunk : moving) {
    std::string error;
    // A chunk whose rename failed is still whole and deliverable from its b
    // file; after a restart it is resumed as staged. Never dropped.
    if (!chunk->enqueue(&error))
      log::error(setup.name + ": cannot enqueue buffer chunk " + chunk->id().hex() + ": " + error);
  }
  std::lock_guard lock(mu);
  size_t left = moving.size();
  for (auto it = queue.rbegin(); it != queue.rend() && left > 0; ++it) {
    if (!it->ready && std::find(moving.begin(), moving.end(), it->chunk.get()) != moving.end()) {
      it->ready = true;
      --left;
    }
  }
}

size_t Buffer::enqueue_due(int64_t now) {
  Impl& I = *impl_;
  const BufferOptions& o = setup_.options;
  std::vector<Chunk*> moving;
  {
    std::lock_guard write_lock(I.write_mu);
    std::lock_guard lock(I.mu);
    std::vector<const ChunkMetadata*> order;
    order.reserve(I.staged.size());
    for (auto& kv : I.staged) order.push_back(&kv.first);
    std::sort(order.begin(), order.end(), [&](const ChunkMetadata* a, const ChunkMetadata* b) {
      return I.staged.at(*a).order < I.staged.at(*b).order;
    });
    // One pass per rule, each stopping once queued_chunks_limit_size chunks
    // wait in the queue (Fluentd's enqueue_all without force; dequeued
    // chunks do not count). Without this limit a dead output would turn
    // every staged chunk into a queued one.
    auto pass = [&](auto due) {
      for (const ChunkMetadata*& key : order) {
        if (I.queue.size() >= o.queued_chunks_limit_size) return;
        if (!key) continue;
        auto it = I.staged.find(*key);
        if (!due(it->first, it->second)) continue;
        Impl::Entry entry = std::move(it->second);
        key = nullptr;  // the node (and *key) is gone after erase
        I.staged.erase(it);
        I.queue_locked(std::move(entry), moving);
      }
    };
    if (o.flush_mode == FlushMode::kInterval) {
      // Integer seconds, from the chunk's creation (not its last write).
      int64_t interval = int64_t(o.flush_interval);
      pass([&](const ChunkMetadata&, const Impl::Entry& e) { return e.created + interval <= now; });
    }
    if (o.keys.time && o.timekey && *o.timekey > 0) {
      // Fluentd: the window is over, and timekey_wait has passed after it.
      // current_timekey is cut in UTC there too (no timekey offset).
      int64_t unit = *o.timekey;
      int64_t current = now - floor_mod(now, unit);
      pass([&](const ChunkMetadata& m, const Impl::Entry&) {
        return m.timekey && *m.timekey < current && *m.timekey + unit + o.timekey_wait <= now;
      });
    }
  }
  I.finish_enqueue(moving);
  return moving.size();
}

size_t Buffer::enqueue_all() {
  Impl& I = *impl_;
  std::vector<Chunk*> moving;
  {
    std::lock_guard write_lock(I.write_mu);
    std::lock_guard lock(I.mu);
    std::vector<std::pair<uint64_t, ChunkMetadata>> keys;
    for (auto& kv : I.staged) keys.emplace_back(kv.second.order, kv.first);
    std::sort(keys.begin(), keys.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& k : keys) {
      auto it = I.staged.find(k.second);
      Impl::Entry entry = std::move(it->second);
      I.staged.erase(it);
      I.queue_locked(std::move(entry), moving);
    }
  }
  I.finish_enqueue(moving);
  return moving.size();
}

std::unique_ptr<Chunk> Buffer::Impl::take_oldest_locked() {
  auto it = std::find_if(queue.begin(), queue.end(), [](const Entry& e) { return e.ready; });
  if (it == queue.end()) return nullptr;
  std::unique_ptr<Chunk> chunk = std::move(it->chunk);
  queue.erase(it);
  stats.queued_bytes -= chunk->bytes();
  ++stats.dropped_oldest_chunks;
  return chunk;
}

void Buffer::Impl::dispose_dropped(std::unique_ptr<Chunk> victim) {
  std::string error;
  std::string saved = backup_chunk(*victim, &error);
  uint64_t records = victim->records(), bytes = victim->bytes();
  std::string hex = victim->id().hex();
  purge(*victim);
  BufferStats now_stats;
  {
    std::lock_guard lock(mu);
    now_stats = stats;
  }
  std::string msg = setup.name + ": buffer overflow (total_limit_size " +
                    std::to_string(total_limit) + "): dropped the oldest queued chunk " + hex +
                    " (" + std::to_string(records) + " records, " + std::to_string(bytes) +
                    " bytes), ";
  msg += saved.empty() ? "NOT saved: " + error : "saved to " + saved;
  msg += "; " + std::to_string(now_stats.dropped_oldest_chunks) +
         " chunks dropped since start; buffer now holds " +
         std::to_string(now_stats.staged_bytes + now_stats.queued_bytes) + " bytes";
  if (saved.empty())
    log::error(msg);
  else
    log::warn(msg);
}

std::string Buffer::Impl::backup_chunk(const Chunk& chunk, std::string* error) const {
  if (setup.options.disable_chunk_backup) {
    *error = "disable_chunk_backup is true: chunk " + chunk.id().hex() + " is thrown away";
    return "";
  }
  std::string body;
  if (!chunk.read(body, error)) return "";
  std::filesystem::path built;
  for (const std::filesystem::path& part : backup_dir) {
    built /= part;
    if (::mkdir(built.c_str(), setup.options.dir_permission) != 0 && errno != EEXIST) {
      *error = "cannot create backup directory " + built.string() + ": " + std::strerror(errno);
      return "";
    }
  }
  std::filesystem::path path = backup_dir / (chunk.id().hex() + ".log");
  // Appends, as Fluentd's File.open(path, 'ab'); synced: it is the last copy.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                  setup.options.file_permission);
  bool ok = fd >= 0;
  for (size_t off = 0; ok && off < body.size();) {
    ssize_t w = ::write(fd, body.data() + off, body.size() - off);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) off += size_t(w);
  }
  ok = ok && ::fsync(fd) == 0;
  if (!ok) *error = "cannot write backup " + path.string() + ": " + std::strerror(errno);
  if (fd >= 0) ::close(fd);
  return ok ? path.string() : "";
}

}  // namespace ferry::buffer
