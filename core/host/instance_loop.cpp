// Event-loop services of an instance: timers, fd watches, post. Every Asio
// object is touched only under the instance's serial lock, and every
// callback re-checks `active`/`running` under it, which is what makes
// "no callback after timer_stop / fd_unwatch / stop returns" hold.
#include <poll.h>

#include <boost/asio/post.hpp>

#include "host/instance.hpp"
#include "host/instance_internal.hpp"

namespace ferry::host {
namespace {

using CorePtr = std::shared_ptr<Instance::Core>;

void arm_timer(const CorePtr& core, const std::shared_ptr<TimerState>& st) {
  st->timer.async_wait([core, st](const boost::system::error_code& ec) {
    if (ec) return;
    SerialLock lock(*core);
    if (!st->active || !core->running) return;
    if (st->interval.count() == 0) st->active = false;  // one shot: done
    st->cb(st->user);
    if (!st->active || !core->running) return;
    // Keep the cadence (no drift), but never queue a burst after a stall.
    auto now = std::chrono::steady_clock::now();
    auto next = st->timer.expiry() + st->interval;
    st->timer.expires_at(next < now ? now : next);
    arm_timer(core, st);
  });
}

void fire_watch(const CorePtr& core, const std::shared_ptr<WatchState>& st, uint32_t event);

// Level-triggered: if the fd is ready already (the plugin left data unread),
// run again soon rather than wait for an edge that may never come.
void arm_watch(const CorePtr& core, const std::shared_ptr<WatchState>& st, uint32_t event) {
  pollfd p{st->fd, static_cast<short>(event == FERRY_FD_READ ? POLLIN : POLLOUT), 0};
  if (::poll(&p, 1, 0) > 0) {
    boost::asio::post(*core->loop, [core, st, event] { fire_watch(core, st, event); });
    return;
  }
  auto wait = event == FERRY_FD_READ ? boost::asio::posix::stream_descriptor::wait_read
                                     : boost::asio::posix::stream_descriptor::wait_write;
  st->sd.async_wait(wait, [core, st, event](const boost::system::error_code& ec) {
    if (!ec) fire_watch(core, st, event);
  });
}

void fire_watch(const CorePtr& core, const std::shared_ptr<WatchState>& st, uint32_t event) {
  SerialLock lock(*core);
  if (!st->active || !core->running) return;
  st->cb(st->user, event);
  if (st->active && core->running) arm_watch(core, st, event);
}

void deactivate(TimerState& st) {
  st.active = false;
  st.timer.cancel();
}

void deactivate(WatchState& st) {
  st.active = false;
  if (st.sd.is_open()) {
    boost::system::error_code ec;
    st.sd.cancel(ec);
    st.sd.release();  // out of epoll now: the plugin may close the fd
  }
}

}  // namespace

ferry_timer* Instance::timer_start(uint64_t first_ns, uint64_t interval_ns, ferry_callback cb,
                                   void* user) {
  if (!cb) return nullptr;
  SerialLock lock(*core_);
  if (!core_->running) {
    log::error("timer_start() called while the plugin is not running (only from start() on)",
               &log_ctx_);
    return nullptr;
  }
  auto st = std::make_shared<TimerState>(*core_->loop);
  st->cb = cb;
  st->user = user;
  st->interval = std::chrono::nanoseconds(interval_ns);
  st->timer.expires_after(std::chrono::nanoseconds(first_ns));
  arm_timer(core_, st);
  auto handle = std::make_unique<ferry_timer>(ferry_timer{this, st});
  ferry_timer* raw = handle.get();
  res_->timers.emplace(raw, std::move(handle));
  return raw;
}

void Instance::timer_stop(ferry_timer* timer) {
  SerialLock lock(*core_);
  auto it = res_->timers.find(timer);
  if (it == res_->timers.end()) return;  // already released by stop()
  deactivate(*it->second->state);
  res_->timers.erase(it);
}

ferry_watch* Instance::fd_watch(int fd, uint32_t events, ferry_fd_callback cb, void* user) {
  if (!cb || !(events & (FERRY_FD_READ | FERRY_FD_WRITE))) return nullptr;
  SerialLock lock(*core_);
  if (!core_->running) {
    log::error("fd_watch() called while the plugin is not running (only from start() on)",
               &log_ctx_);
    return nullptr;
  }
  auto st = std::make_shared<WatchState>(*core_->loop);
  boost::system::error_code ec;
  st->sd.assign(fd, ec);
  if (ec) {
    log::error("fd_watch(" + std::to_string(fd) + ") failed: " + ec.message(), &log_ctx_);
    return nullptr;
  }
  st->fd = fd;
  st->cb = cb;
  st->user = user;
  if (events & FERRY_FD_READ) arm_watch(core_, st, FERRY_FD_READ);
  if (events & FERRY_FD_WRITE) arm_watch(core_, st, FERRY_FD_WRITE);
  auto handle = std::make_unique<ferry_watch>(ferry_watch{this, st});
  ferry_watch* raw = handle.get();
  res_->watches.emplace(raw, std::move(handle));
  return raw;
}

void Instance::fd_unwatch(ferry_watch* watch) {
  SerialLock lock(*core_);
  auto it = res_->watches.find(watch);
  if (it == res_->watches.end()) return;
  deactivate(*it->second->state);
  res_->watches.erase(it);
}

void Instance::post(ferry_callback cb, void* user) {
  if (!cb) return;
  {
    SerialLock lock(*core_);
    if (!core_->running) {
      log::error("post() called while the plugin is not running; callback dropped", &log_ctx_);
      return;
    }
  }
  std::shared_ptr<Core> core = core_;
  boost::asio::post(*core->loop, [core, cb, user] {
    SerialLock lock(*core);
    if (core->running) cb(user);
  });
}

void Instance::quiesce_loop_resources() {
  for (auto& [raw, t] : res_->timers) deactivate(*t->state);
  for (auto& [raw, w] : res_->watches) deactivate(*w->state);
}

void Instance::free_loop_resources() {
  quiesce_loop_resources();
  res_->timers.clear();
  res_->watches.clear();
}

}  // namespace ferry::host
