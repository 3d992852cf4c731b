// BufferedOutput: the router side (write into the Buffer) and the life
// cycle (start, graceful stop with flush_at_shutdown, SIGUSR1, close).
#include <boost/asio/post.hpp>
#include <chrono>

#include "host/buffered_output_impl.hpp"
#include "telemetry/log.hpp"

namespace ferry::host {
namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

BufferedOutput::Impl::Impl(Setup s)
    : setup(std::move(s)),
      buf(*setup.buffer),
      opts(buf.options()),
      log_ctx(setup.instance->log_context()),
      splitter(buf.options()) {
  if (!setup.clock) setup.clock = steady_seconds;
}

BufferedOutput::BufferedOutput(Setup setup) : impl_(std::make_shared<Impl>(std::move(setup))) {}

BufferedOutput::~BufferedOutput() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->running = false;
    impl_->closed = true;
    for (auto& s : impl_->slots) s->timer.cancel();
    if (impl_->enqueue_timer) impl_->enqueue_timer->cancel();
    for (auto& [id, a] : impl_->attempts)
      if (a.commit_timer) a.commit_timer->cancel();
  }
  impl_->save_memory_leftovers();
}

const buffer::Buffer& BufferedOutput::buffer() const {
  return impl_->buf;
}

bool BufferedOutput::overflowing() const {
  return impl_->buf.overflowing();
}

BufferedOutputCounters BufferedOutput::counters() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counters;
}

bool BufferedOutput::retrying() const {
  return impl_->retrying.load();
}

void BufferedOutput::write(std::string_view tag, const EventBatch& batch, router::WriteDone done) {
  Impl& im = *impl_;
  std::vector<buffer::MetadataSplitter::Run> runs;
  std::string error;
  bool split_ok;
  {
    std::lock_guard lock(im.splitter_mu);
    split_ok = im.splitter.split(tag, batch.view(), batch.count(), runs, &error);
  }
  if (!split_ok) {
    done(FERRY_DROP, "cannot buffer the batch: " + error);
    return;
  }
  std::vector<buffer::RejectedEvent> rejected;
  buffer::WriteResult result = im.buf.write(tag, runs, rejected, &error);
  // Events larger than a whole chunk go to the error path alone; the rest
  // of the batch is in the buffer.
  for (const auto& r : rejected) im.setup.instance->emit_error(r.tag, r.event, r.reason);
  switch (result) {
    case buffer::WriteResult::kOk:
    case buffer::WriteResult::kTooLarge:
      break;
    case buffer::WriteResult::kOverflow:
      // Fluentd's BufferOverflowError message; the router (or copy above a
      // buffered <store>) turns this RETRY into backpressure for the input.
      router::note_backpressure();
      done(FERRY_RETRY, "buffer space has too many data");
      return;
    case buffer::WriteResult::kError:
      router::note_backpressure();
      done(FERRY_RETRY, "cannot write to the buffer: " + error);
      return;
  }
  done(FERRY_OK, {});
  // Fluentd's emit_buffered: a queued chunk wakes a flush thread unless a
  // retry wait is on.
  if (!im.retrying.load(std::memory_order_relaxed) && im.buf.queued() > 0) im.post_kick();
}

void BufferedOutput::start() {
  impl_->buf.resume();
  std::lock_guard lock(impl_->mu);
  if (impl_->running || impl_->closed) return;
  impl_->running = true;
  impl_->start_timers();
}

void BufferedOutput::flush_now() {
  Impl& im = *impl_;
  im.buf.enqueue_all();
  std::lock_guard lock(im.mu);
  if (!im.running) return;
  im.forcing = true;
  // Every idle slot starts at once (a retry wait still applies).
  for (size_t i = 0; i < im.slots.size(); ++i) {
    if (im.slots[i]->busy) continue;
    im.slots[i]->next_clock = 0;
    boost::asio::post(*im.setup.loop, [self = impl_, i] { self->run_slot(i); });
  }
}

void BufferedOutput::stop(double deadline_sec) {
  Impl& im = *impl_;
  {
    std::lock_guard lock(im.mu);
    if (!im.running) return;
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(deadline_sec);
  if (im.opts.flush_at_shutdown) {
    flush_now();
    std::unique_lock lock(im.mu);
    // Fluentd's submit_flush_all: until the queue is empty or a retry is
    // pending; Ferry also waits for the writes in flight, up to the deadline.
    bool done = im.cv.wait_until(
        lock, until, [&] { return im.attempts.empty() && (im.retry || im.buf.queue_empty()); });
    if (!done) {
      log::warn("flush at shutdown did not finish within " + std::to_string(int(deadline_sec)) +
                    " s; " + std::to_string(im.buf.queued()) + " chunks stay queued",
                &im.log_ctx);
    }
  }
  std::lock_guard lock(im.mu);
  im.running = false;
  im.forcing = false;
  for (auto& s : im.slots) s->timer.cancel();
  if (im.enqueue_timer) im.enqueue_timer->cancel();
  if (!im.buf.queue_empty() || im.buf.has_staged_data()) {
    auto stats = im.buf.stats();
    log::info("buffer keeps " + std::to_string(stats.staged_chunks + stats.queued_chunks) +
                  " chunks at shutdown (flush_at_shutdown " +
                  (im.opts.flush_at_shutdown ? "true" : "false") + ")",
              &im.log_ctx);
  }
}

}  // namespace ferry::host
