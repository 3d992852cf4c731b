#pragma once
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "buffer/chunk_meta.hpp"
#include "event/event_batch.hpp"
#include "ferry/abi.h"
#include "host/emit_target.hpp"
#include "host/plugin_module.hpp"
#include "router/stages.hpp"
#include "telemetry/log.hpp"

namespace ferry::host {
class Instance;
}
namespace ferry::buffer {
struct BufferOptions;
}

// The opaque handle plugins get; it only leads back to its Instance.
struct ferry_instance {
  ferry::host::Instance* self;
};

namespace ferry::host {

struct InstanceOptions {
  const ferry_host_api* api = nullptr;      // required: &host_api() or a test table
  boost::asio::io_context* loop = nullptr;  // required: the worker it is pinned to
  std::string id;                           // @id ("" when not given)
  int log_level = -1;                       // @log_level, -1: the global level
};

// One configured plugin instance. Owns the plugin's context and every host
// resource it asked for (timers, fd watches, pending writes, children).
//
// Serialisation: all callbacks into the plugin (create, start, stop, flush,
// destroy, filter, write, timer/fd/post callbacks) run under one recursive
// mutex per instance, so plugin code never runs twice at once; host
// functions the plugin calls from inside a callback re-enter it freely.
// Asio timers and descriptors are also only touched under that mutex.
//
// Lifecycle, on the control thread: create → start → stop → destroy.
// Loop callbacks run only between start and stop; after stop() returns no
// timer, fd or post callback runs again.
class Instance {
 public:
  enum class State { Loaded, Creating, Created, Running, Stopped, Destroyed, Failed };

  Instance(ModulePtr module, InstanceOptions opts);
  ~Instance();  // stops and destroys when the owner did not
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // Children (copy's <store>s): created by the engine before this instance's
  // create(); this instance then starts, stops and destroys them.
  void add_child(std::unique_ptr<Instance> child, std::string arg);
  // A buffered child (a <store> with a buffer): child_write goes through
  // `stage` (its BufferedOutput) instead of straight to the plugin. Set
  // before start; the stage must outlive this instance's running.
  void set_child_stage(size_t index, router::OutputStage* stage) {
    if (index < children_.size()) children_[index].stage = stage;
  }
  // Where emit()/emit_error() go; set before start.
  void set_emit_target(EmitTarget* target) { emit_target_ = target; }
  // The resolved <buffer> configuration of a buffered output, set before
  // create(): placeholder_new checks texts against its chunk keys. Null for
  // unbuffered instances.
  void set_buffer_options(std::shared_ptr<const buffer::BufferOptions> options) {
    buffer_options_ = std::move(options);
  }
  const buffer::BufferOptions* buffer_options() const { return buffer_options_.get(); }

  // Each returns false and sets `error` (naming the plugin and its file) on
  // failure; the instance is then Failed and only destroy() remains.
  bool create(const ferry_config* cfg, std::string& error);
  bool start(std::string& error);
  void stop();
  void destroy();
  void flush();  // SIGUSR1

  // Data path (FilterStageAdapter / OutputStageAdapter call these).
  router::FilterOutcome filter(std::string_view tag, const EventBatch& in);
  void write(std::string_view tag, const EventBatch& batch, router::WriteDone done);
  // One chunk of the core buffer for the plugin's write() (BufferedOutput):
  // the ferry_chunk also carries chunk_id, meta and retry_count (ABI 1.1).
  // Everything stays alive until the plugin completes, even when the
  // caller stopped waiting (delayed_commit_timeout).
  struct ChunkWrite {
    std::string tag;   // the chunk's tag ("" when `tag` is not a chunk key)
    EventBatch batch;  // the events, decompressed (a memory chunk's own bytes, shared)
    buffer::ChunkMeta meta;
    uint32_t retry_count = 0;
  };
  void write_chunk(ChunkWrite chunk, router::WriteDone done);

  const Module& module() const { return *module_; }
  const ferry_plugin_info& info() const { return module_->info; }
  ferry_kind kind() const { return static_cast<ferry_kind>(module_->info.kind); }
  const std::string& id() const { return opts_.id; }
  boost::asio::io_context& loop() const { return *opts_.loop; }
  State state() const { return state_.load(); }
  const log::Context& log_context() const { return log_ctx_; }
  ferry_instance* handle() { return &handle_; }
  size_t child_count() const { return children_.size(); }
  Instance& child(size_t index) { return *children_[index].instance; }
  // "output plugin 'file' (@id foo, /path/out_file.so)" for messages.
  std::string describe() const;

  // --- services behind ferry_host_api (instance_api.cpp); thread-safe.
  void log(ferry_log_level level, std::string_view message) const;
  bool log_enabled(ferry_log_level level) const;
  ferry_status emit(std::string_view tag, const uint8_t* events, size_t len, uint32_t count);
  void emit_error(std::string_view tag, std::string_view event, std::string_view reason,
                  std::string_view error_class = {});
  void complete(uint64_t token, ferry_status status, const char* message);
  ferry_timer* timer_start(uint64_t first_ns, uint64_t interval_ns, ferry_callback cb, void* user);
  void timer_stop(ferry_timer* timer);
  ferry_watch* fd_watch(int fd, uint32_t events, ferry_fd_callback cb, void* user);
  void fd_unwatch(ferry_watch* watch);
  void post(ferry_callback cb, void* user);
  const char* child_arg(size_t index) const;
  void child_write(size_t index, const ferry_chunk* chunk, ferry_done_callback done, void* user);

  // Shared with handlers queued on the loop, which may outlive the Instance.
  struct Core {
    std::recursive_mutex serial;
    bool running = false;    // loop callbacks allowed (under serial)
    bool destroyed = false;  // the plugin context is gone (under serial)
    boost::asio::io_context* loop = nullptr;
  };

 private:
  struct PendingWrite;
  struct Child {
    std::unique_ptr<Instance> instance;
    std::string arg;
    router::OutputStage* stage = nullptr;  // its buffer, when it is buffered
  };
  struct Resources;  // timers and fd watches, under core_->serial

  bool fail(std::string& error, std::string_view step, const ferry_error& err, ferry_status status);
  // Under core_->serial. Quiesce cancels every timer and watch (stop);
  // handles stay valid so the plugin may still timer_stop() them in
  // destroy(). Free releases the handles (after destroy).
  void quiesce_loop_resources();
  void free_loop_resources();
  void fail_pending_writes(std::string_view reason);
  // Registers `pw` and hands its chunk to the plugin (or completes it with
  // RETRY when the plugin is not running).
  void start_write(std::unique_ptr<PendingWrite> pw);

  ModulePtr module_;
  InstanceOptions opts_;
  log::Context log_ctx_;
  ferry_instance handle_{this};
  std::shared_ptr<Core> core_;
  std::atomic<State> state_{State::Loaded};
  void* ctx_ = nullptr;
  bool created_ = false;  // create() succeeded: destroy() is owed
  EmitTarget* emit_target_ = nullptr;
  std::shared_ptr<const buffer::BufferOptions> buffer_options_;
  std::vector<Child> children_;
  std::unique_ptr<Resources> res_;

  std::mutex pending_mu_;
  uint64_t next_token_ = 0;
  std::unordered_map<uint64_t, std::unique_ptr<PendingWrite>> pending_;
};

}  // namespace ferry::host
