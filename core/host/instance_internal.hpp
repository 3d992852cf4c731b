#pragma once
// Host-private pieces shared by instance.cpp, instance_loop.cpp and
// instance_api.cpp: the C handle types and the serialisation lock.
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/chunk_meta_handle.hpp"
#include "host/instance.hpp"

namespace ferry::host {

struct TimerState {
  explicit TimerState(boost::asio::io_context& loop) : timer(loop) {}
  boost::asio::steady_timer timer;
  ferry_callback cb = nullptr;
  void* user = nullptr;
  std::chrono::nanoseconds interval{0};
  bool active = true;  // under Core::serial
};

struct WatchState {
  WatchState(boost::asio::io_context& loop) : sd(loop) {}
  // The fd belongs to the plugin: never let Asio close it.
  ~WatchState() {
    if (sd.is_open()) sd.release();
  }
  boost::asio::posix::stream_descriptor sd;
  int fd = -1;
  ferry_fd_callback cb = nullptr;
  void* user = nullptr;
  bool active = true;  // under Core::serial
};

// Locks an instance's serial mutex and remembers that this thread holds it,
// so a completion arriving on this thread can call back into the plugin
// directly instead of posting (which would deadlock nothing but reorder).
class SerialLock {
 public:
  explicit SerialLock(Instance::Core& core) : core_(core) {
    core_.serial.lock();
    held().push_back(&core_);
  }
  ~SerialLock() {
    held().pop_back();
    core_.serial.unlock();
  }
  SerialLock(const SerialLock&) = delete;
  SerialLock& operator=(const SerialLock&) = delete;
  static bool held_by_this_thread(const Instance::Core& core) {
    for (const auto* c : held())
      if (c == &core) return true;
    return false;
  }

 private:
  static std::vector<const Instance::Core*>& held() {
    thread_local std::vector<const Instance::Core*> v;
    return v;
  }
  Instance::Core& core_;
};

struct Instance::Resources {
  std::unordered_map<ferry_timer*, std::unique_ptr<ferry_timer>> timers;
  std::unordered_map<ferry_watch*, std::unique_ptr<ferry_watch>> watches;
};

struct Instance::PendingWrite {
  std::string tag;
  EventBatch batch;
  ferry_chunk chunk{};
  router::WriteDone done;
  // write_chunk only: what chunk.chunk_id and chunk.meta point at.
  std::string chunk_id;
  buffer::ChunkMeta meta;
  ferry_chunk_meta meta_handle{nullptr};
};

}  // namespace ferry::host

struct ferry_timer {
  ferry::host::Instance* owner;
  std::shared_ptr<ferry::host::TimerState> state;
};

struct ferry_watch {
  ferry::host::Instance* owner;
  std::shared_ptr<ferry::host::WatchState> state;
};

// A filter's output for one call: whole events appended by the plugin.
struct ferry_writer {
  std::string bytes;
  uint32_t count = 0;
};
