#pragma once
// A Buffer under test: options built directly (a plain struct), a fake
// clock, runs made from events without MetadataSplitter, and helpers that
// drain the queue.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "buffer/buffer.hpp"
#include "buffer_test_support.hpp"

namespace ferry::buffer::testing {

inline std::string make_event(uint32_t sec, int n, size_t pad = 0) {
  return event_bytes(sec, 0,
                     "{\"n\":" + std::to_string(n) + ",\"pad\":\"" + std::string(pad, 'x') + "\"}");
}

inline MetadataSplitter::Run make_run(const std::string& tag, const std::vector<std::string>& evs,
                                      std::optional<int64_t> timekey = std::nullopt) {
  MetadataSplitter::Run r;
  r.metadata.tag = tag;
  r.metadata.timekey = timekey;
  std::string bytes;
  for (const std::string& e : evs) bytes += e;
  r.own(std::move(bytes));
  r.count = uint32_t(evs.size());
  return r;
}

// Events with n = first .. first+count-1, each `pad` bytes of padding.
inline std::vector<std::string> make_events(int first, int count, size_t pad = 0) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(make_event(1700000000, first + i, pad));
  return out;
}

inline std::vector<int> numbers(int first, int count) {
  std::vector<int> v;
  for (int i = 0; i < count; ++i) v.push_back(first + i);
  return v;
}

// The "n" of every event of a chunk body.
inline std::vector<int> event_numbers(std::string_view body) {
  std::vector<int> out;
  for (const Event& e : split_events(body)) {
    Msgpack rec(e.record_msgpack);
    const msgpack_object* n = field(rec.get(), "n");
    out.push_back(n && n->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? int(n->via.u64) : -1);
  }
  return out;
}

struct Rig {
  TempDir tmp;
  int64_t clock = 1700000000;
  std::unique_ptr<Buffer> buffer;

  explicit Rig(BufferOptions o, bool resume = false) { open(std::move(o), resume); }

  fs::path dir() const { return tmp.path() / "buf"; }
  fs::path backup() const { return tmp.path() / "backup"; }

  void open(BufferOptions o, bool resume = false) {
    buffer.reset();
    Buffer::Setup s;
    s.options = std::move(o);
    s.name = "output 'test' (@id t)";
    s.location.dir = dir();
    s.backup_dir = backup();
    s.now_sec = [this] { return clock; };
    std::string error;
    buffer = Buffer::create(std::move(s), &error);
    ASSERT_TRUE(buffer) << error;
    if (resume) buffer->resume();
  }

  WriteResult write(std::vector<MetadataSplitter::Run> runs,
                    std::vector<RejectedEvent>* rejected = nullptr, std::string tag = "t") {
    std::vector<RejectedEvent> local;
    std::string error;
    WriteResult r = buffer->write(tag, runs, rejected ? *rejected : local, &error);
    if (r == WriteResult::kError) ADD_FAILURE() << error;
    return r;
  }

  // Dequeues and commits every queued chunk; their bodies in flush order.
  std::vector<std::string> drain() {
    std::vector<std::string> bodies;
    while (auto c = buffer->dequeue()) {
      std::string body, error;
      EXPECT_TRUE(buffer->read(*c, body, &error)) << error;
      bodies.push_back(body);
      buffer->commit(*c);
    }
    return bodies;
  }
};

inline BufferOptions memory_options(uint64_t chunk_limit = 1000) {
  BufferOptions o;
  o.keys.tag = true;
  o.chunk_limit_size = chunk_limit;
  o.flush_mode = FlushMode::kLazy;
  return o;
}

inline BufferOptions file_options(uint64_t chunk_limit = 1000) {
  BufferOptions o = memory_options(chunk_limit);
  o.type = BufferType::kFile;
  o.total_limit_size = 64ull << 30;
  o.flush_at_shutdown = false;
  return o;
}

}  // namespace ferry::buffer::testing
