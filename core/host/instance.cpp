#include "host/instance.hpp"

#include <boost/asio/post.hpp>
#include <cstring>

#include "config/param_docs.hpp"
#include "host/instance_internal.hpp"

namespace ferry::host {
namespace {

const char* status_name(ferry_status s) {
  switch (s) {
    case FERRY_OK:
      return "FERRY_OK";
    case FERRY_RETRY:
      return "FERRY_RETRY";
    case FERRY_DROP:
      return "FERRY_DROP";
    case FERRY_ERROR:
      return "FERRY_ERROR";
  }
  return "an unknown status";
}

// Plugins promise a NUL-terminated message; do not trust it.
std::string_view message_of(ferry_error& err) {
  err.message[FERRY_ERROR_MESSAGE_SIZE - 1] = '\0';
  return err.message;
}

}  // namespace

Instance::Instance(ModulePtr module, InstanceOptions opts)
    : module_(std::move(module)),
      opts_(std::move(opts)),
      core_(std::make_shared<Core>()),
      res_(std::make_unique<Resources>()) {
  log_ctx_.plugin_id = opts_.id;
  log_ctx_.level = opts_.log_level;
  core_->loop = opts_.loop;
}

Instance::~Instance() {
  destroy();
}

std::string Instance::describe() const {
  std::string s =
      std::string(config::plugin_kind_name(kind())) + " plugin '" + info().type_name + "' (";
  if (!opts_.id.empty()) s += "@id " + opts_.id + ", ";
  return s + module_->path + ")";
}

void Instance::add_child(std::unique_ptr<Instance> child, std::string arg) {
  children_.push_back(Child{std::move(child), std::move(arg)});
}

bool Instance::fail(std::string& error, std::string_view step, const ferry_error& err,
                    ferry_status status) {
  ferry_error copy = err;
  std::string_view msg = message_of(copy);
  error = std::string(step) + " failed for " + describe() + ": ";
  if (msg.empty())
    error += std::string("it returned ") + status_name(status) + " without a message";
  else
    error += msg;
  state_ = State::Failed;
  return false;
}

bool Instance::create(const ferry_config* cfg, std::string& error) {
  if (state_ != State::Loaded) {
    error = describe() + ": create() called more than once";
    return false;
  }
  if (!opts_.api || !opts_.loop) {
    error = describe() + ": instance has no host API table or event loop";
    state_ = State::Failed;
    return false;
  }
  state_ = State::Creating;
  ferry_error err;
  err.message[0] = '\0';
  ferry_status s;
  {
    SerialLock lock(*core_);
    s = info().create(opts_.api, &handle_, cfg, &ctx_, &err);
  }
  if (s != FERRY_OK) {
    ctx_ = nullptr;  // a failed create cleans up after itself
    return fail(error, "create", err, s);
  }
  created_ = true;
  state_ = State::Created;
  return true;
}

bool Instance::start(std::string& error) {
  if (state_ != State::Created) {
    error = describe() + ": start() needs a created instance";
    return false;
  }
  // Children first: the parent may write to them as soon as it runs.
  for (auto& c : children_)
    if (!c.instance->start(error)) {
      state_ = State::Failed;
      return false;
    }
  ferry_error err;
  err.message[0] = '\0';
  SerialLock lock(*core_);
  core_->running = true;
  state_ = State::Running;
  ferry_status s = info().start ? info().start(ctx_, &err) : FERRY_OK;
  if (s != FERRY_OK) {
    core_->running = false;
    quiesce_loop_resources();
    return fail(error, "start", err, s);
  }
  return true;
}

void Instance::stop() {
  if (state_ != State::Running) return;
  {
    SerialLock lock(*core_);
    if (info().stop) info().stop(ctx_);
    core_->running = false;
    quiesce_loop_resources();
    state_ = State::Stopped;
  }
  // After the parent: its stop may still write to them.
  for (auto& c : children_) c.instance->stop();
}

void Instance::destroy() {
  State s = state_;
  if (s == State::Destroyed) return;
  if (s == State::Running) stop();
  {
    SerialLock lock(*core_);
    core_->running = false;
    quiesce_loop_resources();
    if (created_) info().destroy(ctx_);
    free_loop_resources();
    ctx_ = nullptr;
    created_ = false;
    core_->destroyed = true;
  }
  fail_pending_writes("the output was shut down before the write completed");
  state_ = State::Destroyed;
  for (auto& c : children_) c.instance->destroy();
}

void Instance::flush() {
  if (state_ != State::Running) return;
  {
    SerialLock lock(*core_);
    if (info().flush) info().flush(ctx_);
  }
  for (auto& c : children_) c.instance->flush();
}

void Instance::fail_pending_writes(std::string_view reason) {
  std::unordered_map<uint64_t, std::unique_ptr<PendingWrite>> pending;
  {
    std::lock_guard lock(pending_mu_);
    pending.swap(pending_);
  }
  for (auto& [token, pw] : pending) {
    try {
      pw->done(FERRY_RETRY, reason);
    } catch (const std::exception& e) {
      log::error(std::string("write completion failed: ") + e.what(), &log_ctx_);
    }
  }
}

router::FilterOutcome Instance::filter(std::string_view tag, const EventBatch& in) {
  using Kind = router::FilterOutcome::Kind;
  router::FilterOutcome out;
  // Plugins may treat the tag as a C string.
  std::string tag_z(tag);
  ferry_chunk chunk{sizeof(ferry_chunk), tag_z.c_str(), tag_z.size(), in.data(), in.size(),
                    in.count(),          nullptr,       nullptr,      0};
  ferry_writer writer;
  ferry_error err;
  err.message[0] = '\0';
  ferry_filter_result r;
  {
    SerialLock lock(*core_);
    if (state_ != State::Running || !info().filter) {
      out.kind = Kind::Failed;
      out.error = describe() + " is not running";
      return out;
    }
    r = info().filter(ctx_, &chunk, &writer, &err);
  }
  switch (r) {
    case FERRY_FILTER_UNCHANGED:
      out.kind = Kind::Unchanged;
      break;
    case FERRY_FILTER_REWRITTEN:
      out.kind = Kind::Rewritten;
      out.batch = EventBatch(std::move(writer.bytes), writer.count);
      break;
    case FERRY_FILTER_FAILED: {
      out.kind = Kind::Failed;
      std::string_view msg = message_of(err);
      out.error = msg.empty() ? describe() + " failed without a message" : std::string(msg);
      break;
    }
    default:
      out.kind = Kind::Failed;
      out.error = describe() + " returned an unknown filter result " + std::to_string(int(r));
  }
  return out;
}

void Instance::write(std::string_view tag, const EventBatch& batch, router::WriteDone done) {
  auto pw = std::make_unique<PendingWrite>();
  pw->tag.assign(tag);
  pw->batch = batch;
  pw->done = std::move(done);
  pw->chunk = ferry_chunk{sizeof(ferry_chunk),
                          pw->tag.c_str(),
                          pw->tag.size(),
                          pw->batch.data(),
                          pw->batch.size(),
                          pw->batch.count(),
                          nullptr,
                          nullptr,
                          0};
  start_write(std::move(pw));
}

void Instance::write_chunk(ChunkWrite c, router::WriteDone done) {
  auto pw = std::make_unique<PendingWrite>();
  pw->tag = std::move(c.tag);
  pw->batch = std::move(c.batch);
  pw->done = std::move(done);
  pw->meta = std::move(c.meta);
  pw->chunk_id = pw->meta.id.hex();
  pw->meta_handle.meta = &pw->meta;
  pw->chunk = ferry_chunk{sizeof(ferry_chunk),  pw->tag.c_str(),  pw->tag.size(),
                          pw->batch.data(),     pw->batch.size(), pw->batch.count(),
                          pw->chunk_id.c_str(), &pw->meta_handle, c.retry_count};
  start_write(std::move(pw));
}

void Instance::start_write(std::unique_ptr<PendingWrite> pw) {
  const ferry_chunk* chunk = &pw->chunk;
  uint64_t token;
  {
    std::lock_guard lock(pending_mu_);
    token = ++next_token_;
    pending_.emplace(token, std::move(pw));
  }
  {
    SerialLock lock(*core_);
    if (state_ == State::Running && info().write) {
      info().write(ctx_, chunk, token);
      return;
    }
  }
  complete(token, FERRY_RETRY, (describe() + " is not running").c_str());
}

void Instance::complete(uint64_t token, ferry_status status, const char* message) {
  std::unique_ptr<PendingWrite> pw;
  {
    std::lock_guard lock(pending_mu_);
    auto it = pending_.find(token);
    if (it != pending_.end()) {
      pw = std::move(it->second);
      pending_.erase(it);
    }
  }
  if (!pw) {
    log::warn("complete() called for unknown write token " + std::to_string(token) +
                  " (completed twice?); ignored",
              &log_ctx_);
    return;
  }
  std::string msg = message ? message : "";
  if (status != FERRY_OK && status != FERRY_RETRY && status != FERRY_DROP) {
    // FERRY_ERROR is for create/start; for a write it means "do not retry".
    if (msg.empty()) msg = std::string("write completed with ") + status_name(status);
    status = FERRY_DROP;
  }
  try {
    pw->done(status, msg);
  } catch (const std::exception& e) {
    log::error(std::string("write completion failed: ") + e.what(), &log_ctx_);
  }
}

void Instance::log(ferry_log_level level, std::string_view message) const {
  int l = int(level);
  if (l < int(log::Level::Trace)) l = int(log::Level::Trace);
  if (l > int(log::Level::Fatal)) l = int(log::Level::Fatal);
  log::write(log::Level(l), message, &log_ctx_);
}

bool Instance::log_enabled(ferry_log_level level) const {
  int l = int(level);
  if (l > int(log::Level::Fatal)) l = int(log::Level::Fatal);
  return log::enabled(log::Level(l < 0 ? 0 : l), &log_ctx_);
}

ferry_status Instance::emit(std::string_view tag, const uint8_t* events, size_t len,
                            uint32_t count) {
  if (state_ == State::Creating) {
    log::error("emit() called during create(); events may only be emitted once started", &log_ctx_);
    return FERRY_DROP;
  }
  if (!emit_target_) {
    log::error(describe() + " emitted events but is not connected to a route", &log_ctx_);
    return FERRY_DROP;
  }
  EventBatch batch(std::string(reinterpret_cast<const char*>(events), len), count);
  return emit_target_->emit(tag, batch);
}

void Instance::emit_error(std::string_view tag, std::string_view event, std::string_view reason,
                          std::string_view error_class) {
  if (emit_target_) {
    emit_target_->emit_error(tag, event, reason, error_class);
    return;
  }
  log::warn(
      "dump an error event: tag=\"" + std::string(tag) + "\" error=\"" + std::string(reason) + "\"",
      &log_ctx_);
}

const char* Instance::child_arg(size_t index) const {
  return index < children_.size() ? children_[index].arg.c_str() : nullptr;
}

void Instance::child_write(size_t index, const ferry_chunk* chunk, ferry_done_callback done,
                           void* user) {
  if (index >= children_.size() || !chunk) {
    std::string msg = "child_write: no child " + std::to_string(index) + " (it has " +
                      std::to_string(children_.size()) + ")";
    if (done) done(user, FERRY_DROP, msg.c_str());
    return;
  }
  // The chunk of one of our own writes (copy passing its input on): share
  // its bytes instead of copying them.
  EventBatch batch;
  std::string tag;
  bool found = false;
  {
    std::lock_guard lock(pending_mu_);
    for (const auto& [token, pw] : pending_)
      if (&pw->chunk == chunk) {
        batch = pw->batch;
        tag = pw->tag;
        found = true;
        break;
      }
  }
  if (!found) {
    batch = EventBatch(std::string(reinterpret_cast<const char*>(chunk->data), chunk->len),
                       chunk->count);
    tag.assign(chunk->tag, chunk->tag_len);
  }
  std::shared_ptr<Core> core = core_;
  auto on_done = [core, done, user](ferry_status status, std::string_view message) {
    if (!done) return;
    std::string msg(message);
    // Callbacks into the parent run under its serialisation: inline when
    // this thread already holds it (a child completing inside the
    // parent's write), else on the parent's loop.
    if (SerialLock::held_by_this_thread(*core)) {
      done(user, status, msg.empty() ? nullptr : msg.c_str());
      return;
    }
    boost::asio::post(*core->loop, [core, done, user, status, msg] {
      SerialLock lock(*core);
      if (core->destroyed) return;
      done(user, status, msg.empty() ? nullptr : msg.c_str());
    });
  };
  if (router::OutputStage* stage = children_[index].stage) {
    stage->write(tag, batch, std::move(on_done));
    return;
  }
  children_[index].instance->write(tag, batch, std::move(on_done));
}

}  // namespace ferry::host
