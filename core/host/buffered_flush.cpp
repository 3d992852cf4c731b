// BufferedOutput's flush side, Fluentd's output.rb flush/enqueue threads as
// timers on the instance's loop: the enqueue tick, flush_thread_count
// slots, completions, retries (RetryState), delayed_commit_timeout and the
// slow flush warning.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <ctime>

#include "host/buffered_output_impl.hpp"
#include "telemetry/log.hpp"
#include "text/ruby_float.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::host {
namespace {

constexpr std::string_view kOutputErrorClass = "Ferry::OutputError";
constexpr std::string_view kUnrecoverableErrorClass = "Ferry::UnrecoverableError";

// " error_class=C error="M"" as Fluentd's logger prints an exception.
std::string error_fields(std::string_view error_class, const std::string& message) {
  return " error_class=" + std::string(error_class) +
         " error=" + text::ruby_string_inspect(message.empty() ? "failed to flush" : message);
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string ruby_time_inspect(double unix_sec) {
  std::time_t t = std::time_t(unix_sec + 0.5);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
  return std::string(buf, n);
}

void BufferedOutput::Impl::start_timers() {
  unsigned n = std::max(1u, opts.flush_thread_count);
  double first = now() + opts.flush_thread_interval;
  for (unsigned i = 0; i < n; ++i) {
    slots.push_back(std::make_unique<Slot>(*setup.loop));
    slots.back()->next_clock = first;
    arm_slot(i, first);
  }
  // Fluentd's enqueue_thread_run period: the relevant interval / 11, at
  // least flush_thread_interval; none in lazy mode without a time key.
  std::optional<double> value;
  if (opts.flush_mode == buffer::FlushMode::kInterval) value = opts.flush_interval;
  if (opts.keys.time && opts.timekey) {
    double timekey = double(*opts.timekey);
    if (!value || timekey < *value) value = std::min(timekey, double(opts.timekey_wait));
  }
  if (value) {
    enqueue_interval = std::max(*value / 11.0, opts.flush_thread_interval);
    enqueue_timer = std::make_unique<boost::asio::steady_timer>(*setup.loop);
    arm_enqueue_timer();
  }
}

void BufferedOutput::Impl::arm_enqueue_timer() {
  enqueue_timer->expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(enqueue_interval)));
  enqueue_timer->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->on_enqueue_tick();
  });
}

void BufferedOutput::Impl::on_enqueue_tick() {
  {
    std::lock_guard lock(mu);
    if (!running) return;
  }
  // The enqueue rules use integer epoch seconds, as Fluentd's
  // (flush_interval counts from the chunk's creation).
  int64_t now_sec = buf.setup().now_sec ? buf.setup().now_sec() : int64_t(std::time(nullptr));
  size_t enqueued = buf.enqueue_due(now_sec);
  std::lock_guard lock(mu);
  if (!running) return;
  if (enqueued > 0) kick_locked();
  arm_enqueue_timer();
}

void BufferedOutput::Impl::post_kick() {
  if (kick_posted.exchange(true)) return;
  boost::asio::post(*setup.loop, [self = shared_from_this()] {
    self->kick_posted = false;
    std::lock_guard lock(self->mu);
    self->kick_locked();
  });
}

void BufferedOutput::Impl::kick_locked() {
  if (!running || retry) return;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i]->busy) continue;
    slots[i]->next_clock = 0;
    arm_slot(i, 0);
    return;
  }
}

void BufferedOutput::Impl::arm_slot(size_t i, double at) {
  Slot& s = *slots[i];
  double delay = std::max(0.0, at - now());
  s.timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(delay)));
  s.timer.async_wait([self = shared_from_this(), i](const boost::system::error_code& ec) {
    if (!ec) self->run_slot(i);
  });
}

double BufferedOutput::Impl::next_flush_time() const {
  double t = now();
  if (buf.queued() > 0) return retry ? retry->next_time() : t + opts.flush_thread_burst_interval;
  return t + opts.flush_thread_interval;
}

void BufferedOutput::Impl::run_slot(size_t i) {
  std::unique_lock lock(mu);
  if (!running || closed || i >= slots.size()) return;
  Slot& s = *slots[i];
  if (s.busy) return;
  double t = now();
  if (s.next_clock > t) return arm_slot(i, s.next_clock);
  if (retry && retry->next_time() > t) return arm_slot(i, retry->next_time());
  std::optional<buffer::DequeuedChunk> c = buf.dequeue();
  if (!c) {
    forcing = false;
    s.next_clock = t + opts.flush_thread_interval;
    cv.notify_all();
    return arm_slot(i, s.next_clock);
  }
  bool secondary = retry && setup.secondary && retry->use_secondary(t);
  begin_write(i, *c, secondary, /*dead_letter=*/false);
  auto calls = std::move(deferred);
  deferred.clear();
  lock.unlock();
  for (auto& call : calls) call();
}

std::string BufferedOutput::Impl::describe_chunk(const buffer::DequeuedChunk& c) const {
  return text::ruby_string_inspect(c.chunk->id().hex());
}

void BufferedOutput::Impl::begin_write(size_t slot, buffer::DequeuedChunk c, bool secondary,
                                       bool dead_letter) {
  slots[slot]->busy = true;
  std::string hex = c.chunk->id().hex();
  Instance::ChunkWrite w;
  std::string error;
  if (!buf.read_batch(c, w.batch, &error)) {
    // The stored body cannot be read back (a damaged gzip member): writing
    // it can never succeed, so it is a dead letter at once.
    log::error("cannot read buffer chunk chunk=" + text::ruby_string_inspect(hex) + ": " + error,
               &log_ctx);
    if (!dead_letter_locked(slot, c, hex, "unreadable chunk: " + error, false))
      release_slot_locked(slot);
    return;
  }
  const buffer::ChunkMeta& meta = c.chunk->meta();
  w.tag = meta.metadata.tag.value_or("");
  w.meta = meta;
  auto f = failures.find(c.chunk);
  w.retry_count = f == failures.end() ? 0 : f->second;

  uint64_t id = ++next_attempt;
  Attempt a;
  a.chunk = c;
  a.chunk_hex = hex;
  a.slot = slot;
  a.started = now();
  a.secondary = secondary;
  a.dead_letter = dead_letter;
  a.commit_timer = std::make_unique<boost::asio::steady_timer>(*setup.loop);
  a.commit_timer->expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(opts.delayed_commit_timeout)));
  a.commit_timer->async_wait([self = shared_from_this(), id](const boost::system::error_code& ec) {
    if (!ec) self->on_commit_timeout(id);
  });
  attempts.emplace(id, std::move(a));

  Instance* target = secondary ? setup.secondary : setup.instance;
  // The plugin is called after `mu` is released: it may complete inline.
  deferred.push_back([self = shared_from_this(), target, id, w = std::move(w)]() mutable {
    std::weak_ptr<Impl> weak = self;
    boost::asio::io_context* loop = self->setup.loop;
    target->write_chunk(std::move(w), [weak, loop, id](ferry_status st, std::string_view msg) {
      auto impl = weak.lock();
      if (!impl) return;
      boost::asio::post(*loop,
                        [impl, id, st, m = std::string(msg)] { impl->on_complete(id, st, m); });
    });
  });
}

void BufferedOutput::Impl::on_complete(uint64_t id, ferry_status status,
                                       const std::string& message) {
  std::unique_lock lock(mu);
  auto it = attempts.find(id);
  if (it == attempts.end()) {
    // Given up on already (delayed_commit_timeout, or closed): the chunk was
    // put back or saved then; this late answer changes nothing.
    log::debug("a flush completed after its chunk was given up on; ignored", &log_ctx);
    return;
  }
  Attempt a = std::move(it->second);
  attempts.erase(it);
  if (a.commit_timer) a.commit_timer->cancel();
  check_slow_flush(a.started);
  finish_attempt_locked(a, status, message, false);
  auto calls = std::move(deferred);
  deferred.clear();
  lock.unlock();
  for (auto& call : calls) call();
}

void BufferedOutput::Impl::on_commit_timeout(uint64_t id) {
  std::unique_lock lock(mu);
  auto it = attempts.find(id);
  if (it == attempts.end()) return;
  Attempt a = std::move(it->second);
  attempts.erase(it);
  double flushed_at = wall_now() - (now() - a.started);
  log::warn("failed to flush the buffer chunk, timeout to commit. chunk_id=" +
                text::ruby_string_inspect(a.chunk_hex) +
                " flushed_at=" + ruby_time_inspect(flushed_at),
            &log_ctx);
  finish_attempt_locked(a, FERRY_RETRY, "", true);
  auto calls = std::move(deferred);
  deferred.clear();
  lock.unlock();
  for (auto& call : calls) call();
}

void BufferedOutput::Impl::check_slow_flush(double started) {
  double elapsed = now() - started;
  if (elapsed <= opts.slow_flush_log_threshold) return;
  ++counters.slow_flushes;
  const std::string& id = setup.instance->id();
  log::warn("buffer flush took longer time than slow_flush_log_threshold: elapsed_time=" +
                text::ruby_float_to_s(elapsed) + " slow_flush_log_threshold=" +
                text::ruby_float_to_s(opts.slow_flush_log_threshold) + " plugin_id=" +
                text::ruby_string_inspect(id.empty() ? setup.instance->info().type_name : id),
            &log_ctx);
}

void BufferedOutput::Impl::release_slot_locked(size_t slot) {
  Slot& s = *slots[slot];
  s.busy = false;
  s.next_clock = next_flush_time();
  // flush_now / shutdown: the next chunk at once while no retry is pending.
  if (forcing && !retry && buf.queued() > 0) s.next_clock = now();
  if (running) arm_slot(slot, s.next_clock);
  cv.notify_all();
}

void BufferedOutput::Impl::finish_attempt_locked(Attempt& a, ferry_status status,
                                                 const std::string& message, bool timed_out) {
  const buffer::DequeuedChunk& c = a.chunk;
  if (!running) {
    // Stopping: the instance's stop/destroy finishes writes still in
    // flight; settle the chunk without retry bookkeeping.
    if (status == FERRY_OK) {
      buf.commit(c);
      failures.erase(c.chunk);
      ++counters.flushed_chunks;
    } else {
      buf.takeback(c);
    }
    slots[a.slot]->busy = false;
    cv.notify_all();
    return;
  }
  if (a.dead_letter) {
    // The secondary's answer for a chunk the primary gave up on.
    if (status == FERRY_OK) {
      log::warn("the chunk was written by the secondary output chunk_id=" +
                    text::ruby_string_inspect(a.chunk_hex) +
                    " records=" + std::to_string(c.chunk->records()),
                &log_ctx);
      ++counters.dead_letter_chunks;
      counters.dead_letter_records += c.chunk->records();
      failures.erase(c.chunk);
      buf.commit(c);
      release_slot_locked(a.slot);
      return;
    }
    log::warn("got an error in secondary for unrecoverable error" +
                  error_fields(kOutputErrorClass, message),
              &log_ctx);
    if (!dead_letter_locked(a.slot, c, a.chunk_hex, message, false)) release_slot_locked(a.slot);
    return;
  }

  switch (status) {
    case FERRY_OK: {
      buf.commit(c);
      failures.erase(c.chunk);
      ++counters.flushed_chunks;
      if (retry) {
        log::warn(std::string(a.secondary ? "retry succeeded by secondary." : "retry succeeded.") +
                      " chunk_id=" + text::ruby_string_inspect(a.chunk_hex),
                  &log_ctx);
        retry.reset();
        retrying = false;
      }
      release_slot_locked(a.slot);
      return;
    }
    case FERRY_DROP: {
      // Fluentd's UnrecoverableError: no retry; the secondary when it is
      // another plugin type (the same type would fail the same way), else
      // @ERROR or the backup dir.
      std::string fields = error_fields(kUnrecoverableErrorClass, message);
      bool try_secondary = false;
      if (!setup.secondary) {
        log::warn("got unrecoverable error in primary and no secondary" + fields, &log_ctx);
      } else if (a.secondary) {
        log::warn("got unrecoverable error in secondary." + fields, &log_ctx);
      } else if (std::string_view(setup.secondary->info().type_name) ==
                 setup.instance->info().type_name) {
        log::warn(
            "got unrecoverable error in primary and secondary type is same as primary. Skip "
            "secondary" +
                fields,
            &log_ctx);
      } else {
        log::warn(
            "got unrecoverable error in primary. Skip retry and flush chunk to secondary" + fields,
            &log_ctx);
        try_secondary = true;
      }
      if (!dead_letter_locked(a.slot, c, a.chunk_hex, message, try_secondary))
        release_slot_locked(a.slot);
      return;
    }
    default: {
      ++counters.failed_flushes;
      ++failures[c.chunk];
      std::string error = message.empty() ? "failed to flush" : message;
      if (!update_retry_state_locked(a.chunk_hex, a.secondary, timed_out ? nullptr : &error)) {
        buf.takeback(c);
        release_slot_locked(a.slot);
        return;
      }
      // Ferry, unlike Fluentd: only this chunk leaves the queue.
      log::error(
          "Hit limit for retries. moving the failing chunk out of the buffer queue (the "
          "rest of the queue stays). retry_times=" +
              std::to_string(limit_steps) + " records=" + std::to_string(c.chunk->records()) +
              " chunk_id=" + text::ruby_string_inspect(a.chunk_hex) +
              error_fields(kOutputErrorClass, timed_out ? "timeout to commit" : error),
          &log_ctx);
      bool try_secondary = setup.secondary && !a.secondary;
      if (!dead_letter_locked(a.slot, c, a.chunk_hex, "retry limit reached: " + error,
                              try_secondary))
        release_slot_locked(a.slot);
      return;
    }
  }
}

bool BufferedOutput::Impl::update_retry_state_locked(const std::string& chunk_hex, bool secondary,
                                                     const std::string* error) {
  double t = now();
  if (!retry) {
    retry.emplace(opts.retry, setup.secondary != nullptr, t, setup.random01);
    retrying = true;
    forcing = false;  // Fluentd's force flush stops at a retry
  } else if (t >= retry->next_time()) {
    retry->step(t);
  } else {
    // Another slot failed meanwhile: no extra step, only a new time.
    retry->recalc_next_time(t);
  }
  if (retry->limit_reached()) {
    limit_steps = retry->steps();
    retry.reset();
    retrying = false;
    return true;
  }
  if (error) {
    double next_wall = wall_now() + (retry->next_time() - t);
    log::warn(std::string(secondary ? "failed to flush the buffer with secondary output."
                                    : "failed to flush the buffer.") +
                  " retry_times=" + std::to_string(retry->steps()) + " next_retry_time=" +
                  ruby_time_inspect(next_wall) + " chunk=" + text::ruby_string_inspect(chunk_hex) +
                  error_fields(kOutputErrorClass, *error),
              &log_ctx);
  }
  return false;
}

}  // namespace ferry::host
