#include "buffer/buffer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "buffer/buffer_impl.hpp"
#include "buffer/file_chunk_resume.hpp"
#include "buffer/memory_chunk.hpp"
#include "telemetry/log.hpp"

namespace ferry::buffer {

namespace fs = std::filesystem;

namespace {

// mkdir -p with `mode` for every directory it creates (umask applies, as
// Fluentd's FileUtils.mkdir_p(mode:)).
bool make_dirs(const fs::path& dir, unsigned mode, std::string* error) {
  fs::path built;
  for (const fs::path& part : dir) {
    built /= part;
    if (::mkdir(built.c_str(), mode) != 0 && errno != EEXIST) {
      *error = "cannot create directory " + built.string() + ": " + std::strerror(errno);
      return false;
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = dir.string() + " is not a directory";
    return false;
  }
  return true;
}

// Fluentd's safe_owner_id: characters unsafe in a path component become '_'.
std::string safe_name(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (std::strchr(" \"/\\:;|*<>?'()", c)) c = '_';
  return out.empty() ? "buffer" : out;
}

}  // namespace

size_t MetadataHash::operator()(const ChunkMetadata& m) const noexcept {
  size_t h = m.timekey ? std::hash<int64_t>()(*m.timekey) : 0x9e3779b9;
  auto mix = [&h](size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  if (m.tag) mix(std::hash<std::string_view>()(*m.tag));
  if (m.variables)
    for (const ChunkVariable& v : *m.variables) mix(std::hash<std::string_view>()(v.value_msgpack));
  return h;
}

Buffer::Impl::Impl(const Buffer::Setup& s) : setup(s) {
  const BufferOptions& o = s.options;
  file = o.type == BufferType::kFile;
  // Fluentd's configure: queue_limit_length (legacy) overrides total_limit_size.
  total_limit =
      o.queue_limit_length ? o.chunk_limit_size * *o.queue_limit_length : o.total_limit_size;
  chunk_options.chunk.gzip = o.compress_gzip;
  chunk_options.chunk.framing = BodyFraming::kMsgpackStream;
  chunk_options.fsync = o.fsync;
  chunk_options.file_permission = o.file_permission;
  if (!file) {
    // Enough for the chunks one buffer has in flight at once: one per flush
    // thread, the one being filled, and one queued while a flush thread is
    // slow to wake; at most a quarter of the limit.
    const size_t bodies = size_t(std::max(1u, o.flush_thread_count)) + 2;
    pool = ChunkBodyPool::create(std::min<uint64_t>(o.chunk_limit_size * bodies, total_limit / 4),
                                 bodies);
  }
  backup_dir = s.backup_dir.empty() ? fs::path("/tmp/ferry/backup/worker0") / safe_name(s.name)
                                    : s.backup_dir;
}

int64_t Buffer::Impl::now() const {
  return setup.now_sec ? setup.now_sec() : int64_t(::time(nullptr));
}

bool Buffer::Impl::full(const Chunk& c) const {
  const BufferOptions& o = setup.options;
  return double(c.bytes()) >= double(o.chunk_limit_size) * o.chunk_full_threshold ||
         (o.chunk_limit_records &&
          double(c.records()) >= double(*o.chunk_limit_records) * o.chunk_full_threshold);
}

std::unique_ptr<Chunk> Buffer::Impl::new_chunk(const ChunkMetadata& metadata,
                                               std::string* error) const {
  if (!file)
    return MemoryChunk::create(metadata, chunk_options.chunk,
                               MemoryChunk::Storage{pool, size_t(setup.options.chunk_limit_size)});
  return FileChunk::create(setup.location, metadata, chunk_options, error);
}

void Buffer::Impl::trim_pool_locked() {
  if (!pool) return;
  const uint64_t data = stats.staged_bytes + stats.queued_bytes;
  if (data + pool->pooled_bytes() > total_limit)
    pool->trim(total_limit > data ? total_limit - data : 0);
}

void Buffer::Impl::purge(Chunk& chunk) const {
  std::string error;
  if (!chunk.purge(&error))
    log::error(setup.name + ": failed to purge buffer chunk " + chunk.id().hex() + ": " + error);
}

Buffer::Buffer(Setup setup) : setup_(std::move(setup)), impl_(std::make_unique<Impl>(setup_)) {}

Buffer::~Buffer() = default;

std::unique_ptr<Buffer> Buffer::create(Setup setup, std::string* error) {
  const BufferOptions& o = setup.options;
  if (o.chunk_limit_size == 0) {
    *error = setup.name + ": chunk_limit_size must be greater than 0";
    return nullptr;
  }
  if (o.type == BufferType::kFile) {
    // read_buffer_options() resolves the location into the options too.
    if (setup.location.dir.empty()) setup.location = o.location;
    if (setup.location.dir.empty()) {
      *error = setup.name + ": a file buffer needs a path";
      return nullptr;
    }
    if (!make_dirs(setup.location.dir, o.dir_permission, error)) {
      *error = setup.name + ": " + *error;
      return nullptr;
    }
  }
  return std::unique_ptr<Buffer>(new Buffer(std::move(setup)));
}

void Buffer::resume() {
  Impl& I = *impl_;
  if (!I.file) return;
  ResumeOptions options;
  options.file = I.chunk_options;
  options.backup_dir = I.backup_dir;
  ResumedChunks found = resume_file_chunks(setup_.location, options);

  struct Resumed {
    Impl::Entry entry;
    int64_t m, c;
  };
  std::vector<Resumed> to_queue;
  for (auto& chunk : found.queued) {
    int64_t m = chunk->meta().modified_at, c = chunk->meta().created_at;
    to_queue.push_back({Impl::Entry{std::move(chunk), c, 0, true}, m, c});
  }

  std::lock_guard write_lock(I.write_mu);
  std::lock_guard lock(I.mu);
  size_t staged_n = 0;
  for (auto& chunk : found.staged) {
    // Fluentd's resume: a staged chunk that is already full, or whose
    // metadata already has a staged chunk, goes to the queue.
    int64_t m = chunk->meta().modified_at, c = chunk->meta().created_at;
    bool to_q = I.full(*chunk) || I.staged.count(chunk->metadata());
    std::string error;
    if (to_q && !chunk->enqueue(&error))
      log::error(setup_.name + ": cannot enqueue resumed chunk: " + error);
    if (to_q) {
      to_queue.push_back({Impl::Entry{std::move(chunk), c, 0, true}, m, c});
      continue;
    }
    I.stats.staged_bytes += chunk->bytes();
    ++staged_n;
    ChunkMetadata key = chunk->metadata();
    I.staged.emplace(std::move(key), Impl::Entry{std::move(chunk), c, I.next_order++, true});
  }
  // Queue order: oldest "m" first (Fluentd sorts by modified_at).
  std::stable_sort(to_queue.begin(), to_queue.end(), [](const Resumed& a, const Resumed& b) {
    return a.m != b.m ? a.m < b.m : a.c < b.c;
  });
  uint64_t queued_bytes = 0;
  for (auto& r : to_queue) {
    queued_bytes += r.entry.chunk->bytes();
    I.queue.push_back(std::move(r.entry));
  }
  I.stats.queued_bytes += queued_bytes;
  if (staged_n || !to_queue.empty())
    log::info(setup_.name + ": resumed " + std::to_string(staged_n) + " staged and " +
              std::to_string(to_queue.size()) + " queued chunks (" +
              std::to_string(I.stats.staged_bytes + queued_bytes) + " bytes) from " +
              setup_.location.dir.string());
}

std::optional<DequeuedChunk> Buffer::dequeue() {
  Impl& I = *impl_;
  std::lock_guard lock(I.mu);
  if (I.queue.empty() || !I.queue.front().ready) return std::nullopt;
  Impl::Entry entry = std::move(I.queue.front());
  I.queue.pop_front();
  Chunk* chunk = entry.chunk.get();
  I.dequeued.emplace(chunk, std::move(entry));
  return DequeuedChunk{chunk, ++I.next_sequence};
}

void Buffer::commit(const DequeuedChunk& c) {
  purge_dequeued(c);
}

void Buffer::takeback(const DequeuedChunk& c) {
  Impl& I = *impl_;
  std::lock_guard lock(I.mu);
  auto it = I.dequeued.find(c.chunk);
  if (it == I.dequeued.end()) return;  // already purged
  I.queue.push_front(std::move(it->second));
  I.dequeued.erase(it);
}

void Buffer::purge_dequeued(const DequeuedChunk& c) {
  Impl& I = *impl_;
  std::unique_ptr<Chunk> chunk;
  {
    std::lock_guard lock(I.mu);
    auto it = I.dequeued.find(c.chunk);
    if (it == I.dequeued.end()) return;
    chunk = std::move(it->second.chunk);
    I.dequeued.erase(it);
    I.stats.queued_bytes -= chunk->bytes();
  }
  // Unlinking a large file can take a while: not under the mutex.
  I.purge(*chunk);
}

bool Buffer::read(const DequeuedChunk& c, std::string& out, std::string* error) const {
  // A dequeued chunk belongs to its flusher alone: no lock needed.
  return c.chunk->read(out, error);
}

bool Buffer::read_batch(const DequeuedChunk& c, EventBatch& out, std::string* error) const {
  return c.chunk->read_batch(out, error);
}

std::string Buffer::backup(const DequeuedChunk& c, std::string* error) {
  return impl_->backup_chunk(*c.chunk, error);
}

bool Buffer::queue_empty() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.empty();
}

size_t Buffer::queued() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.size();
}

bool Buffer::has_staged_data() const {
  std::lock_guard lock(impl_->mu);
  return std::any_of(impl_->staged.begin(), impl_->staged.end(),
                     [](const auto& kv) { return kv.second.chunk->records() > 0; });
}

BufferStats Buffer::stats() const {
  std::lock_guard lock(impl_->mu);
  BufferStats s = impl_->stats;
  s.staged_chunks = impl_->staged.size();
  s.queued_chunks = impl_->queue.size();
  s.dequeued_chunks = impl_->dequeued.size();
  if (impl_->pool) {
    s.pooled_bodies = impl_->pool->pooled_bodies();
    s.pooled_body_bytes = impl_->pool->pooled_bytes();
    s.reused_bodies = impl_->pool->reused();
  }
  return s;
}

bool Buffer::overflowing() const {
  std::lock_guard lock(impl_->mu);
  return !impl_->storable_locked();
}

}  // namespace ferry::buffer
