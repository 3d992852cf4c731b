// Buffer::write: Fluentd's Buffer#write / write_once / write_step_by_step
// idea with whole events only. Every run goes to the staged chunk of its
// metadata; what does not fit fills that chunk and continues in new ones;
// a single event larger than a whole chunk is rejected alone. All appends of
// one write are committed together, or rolled back together.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "buffer/buffer.hpp"
#include "buffer/buffer_impl.hpp"
#include "format/event_stream.hpp"
#include "telemetry/log.hpp"

namespace ferry::buffer {

namespace {

constexpr size_t kNoTouch = std::numeric_limits<size_t>::max();

// Bytes of the first `k` events from p; false when the stream is malformed.
bool prefix_bytes(const uint8_t* p, const uint8_t* end, uint64_t k, size_t& bytes) {
  const uint8_t* q = p;
  std::string_view ev;
  for (uint64_t i = 0; i < k; ++i)
    if (!format::next_event(q, end, ev)) return false;
  bytes = size_t(q - p);
  return true;
}

}  // namespace

size_t Buffer::Impl::touch_for(const ChunkMetadata& metadata, std::string* error) {
  {
    std::lock_guard lock(mu);
    auto it = staged.find(metadata);
    if (it != staged.end()) {
      Entry& e = it->second;
      if (e.touched_gen == write_gen) return e.touch;
      e.touched_gen = write_gen;
      e.touch = touches.size();
      Touch& t = touches.emplace_back();
      t.chunk = e.chunk.get();
      t.bytes_before = t.chunk->bytes();
      t.records_before = t.chunk->records();
      return e.touch;
    }
  }
  // Creating a file chunk is I/O: not under `mu`. Only writers add staged
  // chunks, and they hold `write_mu`: nobody else adds this one meanwhile.
  std::unique_ptr<Chunk> chunk = new_chunk(metadata, error);
  if (!chunk) return kNoTouch;
  Touch& t = touches.emplace_back();
  t.chunk = chunk.get();
  t.created = true;
  Entry e{std::move(chunk), now(), 0, true, write_gen, touches.size() - 1};
  std::lock_guard lock(mu);
  e.order = next_order++;
  staged.emplace(metadata, std::move(e));
  return touches.size() - 1;
}

void Buffer::Impl::close_touched(size_t touch) {
  Touch& t = touches[touch];
  std::lock_guard lock(mu);
  auto it = staged.find(t.chunk->metadata());
  t.entry = std::move(it->second);
  t.closed = true;
  staged.erase(it);
}

bool Buffer::Impl::place_run(std::string_view tag, const MetadataSplitter::Run& run,
                             std::vector<RejectedEvent>& rejected, std::string* error) {
  const BufferOptions& o = setup.options;
  const uint64_t limit = o.chunk_limit_size;
  const auto* pos = reinterpret_cast<const uint8_t*>(run.events.data());
  const auto* end = pos + run.events.size();
  uint64_t left = run.count;
  size_t ti = touch_for(run.metadata, error);
  if (ti == kNoTouch) return false;

  while (pos < end) {
    if (left == 0) {
      *error = "malformed run: more event bytes than its count";
      return false;
    }
    Chunk* c = touches[ti].chunk;
    if (c->options().gzip && c->pending_records() > 0) {
      // Already appended to by this write: a trial append that does not fit
      // would be rolled back together with that data, so start afresh.
      close_touched(ti);
      if ((ti = touch_for(run.metadata, error)) == kNoTouch) return false;
      continue;
    }
    // Plain chunks may hold this write's earlier appends (pending).
    const uint64_t records = c->records() + c->pending_records();
    const uint64_t used = c->bytes() + c->pending_bytes();
    const bool empty = records == 0;
    uint64_t room_records = std::numeric_limits<uint64_t>::max();
    if (o.chunk_limit_records)
      room_records = *o.chunk_limit_records > records ? *o.chunk_limit_records - records : 0;
    const uint64_t room = limit > used ? limit - used : 0;
    uint64_t k = std::min(left, room_records);
    size_t bytes = 0;
    uint64_t too_large = 0;  // stored size of a single event that did not fit

    if (!c->options().gzip) {
      // Exact: stored bytes are the event bytes.
      if (k == left && uint64_t(end - pos) <= room) {
        bytes = size_t(end - pos);
      } else {
        const uint8_t* q = pos;
        uint64_t n = 0;
        std::string_view ev;
        while (n < k) {
          const uint8_t* before = q;
          if (!format::next_event(q, end, ev)) {
            *error = "malformed event stream in a buffer write";
            return false;
          }
          if (uint64_t(q - pos) > room) {
            if (n == 0) too_large = ev.size();
            q = before;
            break;
          }
          ++n;
        }
        k = n;
        bytes = size_t(q - pos);
      }
      if (k > 0 && !c->append({reinterpret_cast<const char*>(pos), bytes}, k, error)) return false;
    } else {
      // gzip: the stored size is known only after compressing; try, and
      // shrink the slice by the observed ratio when it does not fit.
      while (k > 0) {
        if (k == left) {
          bytes = size_t(end - pos);
        } else if (!prefix_bytes(pos, end, k, bytes)) {
          *error = "malformed event stream in a buffer write";
          return false;
        }
        if (!c->append({reinterpret_cast<const char*>(pos), bytes}, k, error)) return false;
        uint64_t added = c->pending_bytes();
        if (c->bytes() + added <= limit) break;
        if (!c->rollback(error)) return false;
        if (k == 1) {
          too_large = added;
          k = 0;
          break;
        }
        double scaled = double(k) * double(room) / double(added) * 0.9;
        k = std::clamp<uint64_t>(uint64_t(scaled), 1, k - 1);
      }
    }

    if (k > 0) {
      pos += bytes;
      left -= k;
      continue;  // the next round closes the chunk or rejects the next event
    }
    if (too_large <= limit && !empty) {
      // The next event does not fit this chunk any more: it is queued after
      // the commit, and a new chunk takes the rest.
      close_touched(ti);
      if ((ti = touch_for(run.metadata, error)) == kNoTouch) return false;
      continue;
    }
    // Larger than a whole chunk (or no room for even one record): Fluentd's
    // BufferChunkOverflowError for that event only; the chunk stays open.
    std::string_view ev;
    const uint8_t* q = pos;
    if (!format::next_event(q, end, ev)) {
      *error = "malformed event stream in a buffer write";
      return false;
    }
    RejectedEvent& r = rejected.emplace_back();
    r.tag.assign(tag);
    r.event.assign(ev);
    uint64_t nth = run.count - left;
    if (room_records == 0)
      r.reason = "a record (nth: " + std::to_string(nth) +
                 ") cannot fit a chunk of chunk_limit_records " +
                 std::to_string(*o.chunk_limit_records);
    else
      r.reason = "a " + std::to_string(too_large ? too_large : ev.size()) +
                 " bytes record (nth: " + std::to_string(nth) +
                 ") is larger than buffer chunk limit size (" + std::to_string(limit) + ")";
    pos = q;
    --left;
  }
  return true;
}

bool Buffer::Impl::settle(bool placed, std::vector<Chunk*>& moving, std::string* error) {
  size_t committed = 0;
  if (placed) {
    for (; committed < touches.size(); ++committed) {
      Chunk* c = touches[committed].chunk;
      if (c->pending_bytes() == 0 && c->pending_records() == 0) continue;
      if (!c->commit(error)) break;
    }
  }
  // Rolled back (all of them when placing failed): created chunks go away,
  // chunks this write took off the stage go back to it.
  for (size_t i = committed; i < touches.size(); ++i) {
    Touch& t = touches[i];
    std::string err;
    // Always: a failed pwrite may have left bytes past the last commit that
    // the chunk does not count as pending.
    if (!t.chunk->rollback(&err))
      log::error(setup.name + ": cannot roll back buffer chunk " + t.chunk->id().hex() + ": " +
                 err);
    if (!t.created) continue;
    purge(*t.chunk);
    if (!t.closed) {
      auto it = staged.find(t.chunk->metadata());
      if (it != staged.end() && it->second.chunk.get() == t.chunk) staged.erase(it);
    } else {
      t.entry.chunk.reset();
    }
  }
  for (size_t i = committed; i < touches.size(); ++i) {
    Touch& t = touches[i];
    if (t.created || !t.closed) continue;
    ChunkMetadata key = t.chunk->metadata();
    staged.emplace(std::move(key), std::move(t.entry));
  }
  // Committed: count them, then queue what is closed, full, or (flush_mode
  // immediate) everything written.
  const bool immediate = setup.options.flush_mode == FlushMode::kImmediate;
  for (size_t i = 0; i < committed; ++i) {
    Touch& t = touches[i];
    stats.staged_bytes += t.chunk->bytes() - t.bytes_before;
    stats.records_in += t.chunk->records() - t.records_before;
    if (t.closed) {
      queue_locked(std::move(t.entry), moving);
      continue;
    }
    auto it = staged.find(t.chunk->metadata());
    if (t.chunk->records() == 0 || immediate || full(*t.chunk)) {
      Entry entry = std::move(it->second);
      staged.erase(it);
      queue_locked(std::move(entry), moving);
    }
  }
  return committed == touches.size();
}

WriteResult Buffer::write(std::string_view tag, std::vector<MetadataSplitter::Run>& runs,
                          std::vector<RejectedEvent>& rejected, std::string* error) {
  Impl& I = *impl_;
  if (std::none_of(runs.begin(), runs.end(),
                   [](const auto& r) { return r.count > 0 && !r.events.empty(); }))
    return WriteResult::kOk;

  std::unique_lock write_lock(I.write_mu);
  std::unique_lock lock(I.mu);
  // Fluentd's storable?: checked once, before anything is written, so a
  // write is refused as a whole (and may end a little above the limit).
  if (!I.storable_locked()) {
    if (I.pool) I.pool->trim(0);
    std::unique_ptr<Chunk> victim;
    if (setup_.options.overflow_action == OverflowAction::kDropOldestChunk) {
      victim = I.take_oldest_locked();
      if (!victim)
        log::error(setup_.name + ": no queued chunks to be dropped for drop_oldest_chunk");
    }
    if (victim) {
      lock.unlock();
      I.dispose_dropped(std::move(victim));
      lock.lock();
    }
    if (!I.storable_locked()) {
      ++I.stats.overflows;
      *error = "buffer space has too many data (" +
               std::to_string(I.stats.staged_bytes + I.stats.queued_bytes) +
               " bytes, total_limit_size " + std::to_string(I.total_limit) + ")";
      return WriteResult::kOverflow;
    }
  }

  const size_t rejected_before = rejected.size();
  ++I.write_gen;
  I.touches.clear();
  // The appends run under `write_mu` alone: a flusher can dequeue and
  // commit meanwhile. The chunks they append to are staged, which only
  // writers and the enqueue passes (both holding `write_mu`) change.
  lock.unlock();
  bool placed = true;
  for (const MetadataSplitter::Run& run : runs) {
    if (run.count == 0 || run.events.empty()) continue;
    if (!I.place_run(tag, run, rejected, error)) {
      placed = false;
      break;
    }
  }
  std::vector<Chunk*> moving;
  lock.lock();
  bool ok = I.settle(placed, moving, error);
  I.touches.clear();
  I.trim_pool_locked();
  lock.unlock();
  write_lock.unlock();
  I.finish_enqueue(moving);

  if (!ok) {
    // The caller retries the whole write: the refused events come again.
    rejected.resize(rejected_before);
    *error = setup_.name + ": buffer write failed, rolled back: " + *error;
    return WriteResult::kError;
  }
  return rejected.size() > rejected_before ? WriteResult::kTooLarge : WriteResult::kOk;
}

}  // namespace ferry::buffer
