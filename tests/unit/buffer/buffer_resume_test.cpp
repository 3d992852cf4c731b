// Buffer::resume: Fluentd's buffer directories (the four recorded fixtures)
// and Ferry's own, Fluentd's rules for staged chunks, stats after resume.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "buffer_rig.hpp"

namespace ferry::buffer {
namespace {

using namespace testing;

void copy_into(const fs::path& from, const fs::path& dir) {
  for (auto& e : fs::directory_iterator(from)) {
    fs::path to = dir / e.path().filename();
    fs::copy_file(e.path(), to);
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
  }
}

struct Drained {
  std::string hex;
  std::string state;  // as records.jsonl names it
  int64_t modified_at = 0;
  std::vector<Event> events;
};

// Queued chunks first (flush order), then the staged ones after enqueue_all.
std::vector<Drained> drain_all(Rig& rig) {
  std::vector<Drained> out;
  auto take = [&](const char* state) {
    while (auto c = rig.buffer->dequeue()) {
      std::string body, error;
      EXPECT_TRUE(rig.buffer->read(*c, body, &error)) << error;
      out.push_back(
          {c->chunk->id().hex(), state, c->chunk->meta().modified_at, split_events(body)});
      rig.buffer->commit(*c);
    }
  };
  take("queued");
  rig.buffer->enqueue_all();
  take("staged");
  return out;
}

BufferOptions fixture_options(const std::string& name) {
  BufferOptions o = file_options(256u << 20);
  o.flush_mode = FlushMode::kInterval;
  o.flush_interval = 2;
  o.queued_chunks_limit_size = 64;
  o.keys.tag = name != "fluentd-record-key-host";
  if (name == "fluentd-record-key-host") o.keys.record_keys = {"host"};
  if (name == "fluentd-tag-time-timekey") {
    o.keys.time = true;
    o.timekey = 60;
    o.timekey_wait = 3650 * 86400;
  }
  o.compress_gzip = name == "fluentd-gzip";
  return o;
}

class BufferResumeFluentd : public ::testing::TestWithParam<std::string> {};

TEST_P(BufferResumeFluentd, EveryRecordComesBackInItsChunkAndState) {
  fs::path fixture = fixture_dir(GetParam());
  Rig rig(fixture_options(GetParam()));
  copy_into(fixture / "buffer", rig.dir());
  uint64_t file_bytes = 0;
  size_t staged_files = 0, queued_files = 0;
  for (auto& name : dir_names(rig.dir())) {
    if (name.size() < 5 || name.substr(name.size() - 4) != ".log") continue;
    file_bytes += fs::file_size(rig.dir() / name);
    staged_files += name.rfind("buffer.b", 0) == 0;
    queued_files += name.rfind("buffer.q", 0) == 0;
  }
  rig.buffer->resume();

  BufferStats s = rig.buffer->stats();
  EXPECT_EQ(s.staged_chunks, staged_files);
  EXPECT_EQ(s.queued_chunks, queued_files);
  EXPECT_EQ(s.staged_bytes + s.queued_bytes, file_bytes);

  std::vector<Drained> drained = drain_all(rig);
  // Queue order: oldest "m" first.
  for (size_t i = 1; i < drained.size(); ++i) {
    if (drained[i].state == "queued") {
      EXPECT_LE(drained[i - 1].modified_at, drained[i].modified_at);
    }
  }

  std::map<std::string, const Drained*> by_hex;
  size_t events = 0;
  for (const Drained& d : drained) {
    by_hex[d.hex] = &d;
    events += d.events.size();
  }
  std::vector<std::string> lines = read_lines(fixture / "records.jsonl");
  ASSERT_EQ(lines.size(), events);
  for (const std::string& line : lines) {
    auto exp = from_json(line);
    const msgpack_object& o = exp->get();
    std::string chunk = str(field(o, "chunk"));  // buffer/buffer.<b|q><hex>.log
    std::string hex = chunk.substr(std::string("buffer/buffer.b").size(), 32);
    ASSERT_TRUE(by_hex.count(hex)) << line;
    const Drained& d = *by_hex[hex];
    EXPECT_EQ(d.state, str(field(o, "state"))) << line;
    size_t index = field(o, "index")->via.u64;
    ASSERT_LT(index, d.events.size()) << line;
    EXPECT_EQ(d.events[index].sec, field(o, "time_sec")->via.u64) << line;
    EXPECT_EQ(d.events[index].nsec, field(o, "time_nsec")->via.u64) << line;
    EXPECT_EQ(d.events[index].record_msgpack, pack(*field(o, "record"))) << line;
  }
  EXPECT_TRUE(dir_names(rig.dir()).empty());
}

INSTANTIATE_TEST_SUITE_P(All, BufferResumeFluentd,
                         ::testing::Values("fluentd-staged-and-queued", "fluentd-tag-time-timekey",
                                           "fluentd-record-key-host", "fluentd-gzip"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

TEST(BufferResume, ResumedStagedChunksKeepTheirCreationTimeForTheIntervalRule) {
  fs::path fixture = fixture_dir("fluentd-staged-and-queued");
  Rig rig(fixture_options("fluentd-staged-and-queued"));
  copy_into(fixture / "buffer", rig.dir());
  rig.buffer->resume();
  BufferStats s = rig.buffer->stats();
  ASSERT_EQ(s.staged_chunks, 2u);
  // The fixture's "c" is in 2026; an interval pass now enqueues both.
  EXPECT_EQ(rig.buffer->enqueue_due(int64_t(::time(nullptr)) + 1), 2u);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 0u);
}

TEST(BufferResume, FerryWrittenDirectoryComesBackWhole) {
  BufferOptions o = file_options(1000);
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 15, 79)), make_run("b", make_events(16, 3))}),
            WriteResult::kOk);
  // One chunk is in flight when the process dies.
  auto in_flight = rig.buffer->dequeue();
  ASSERT_TRUE(in_flight);
  BufferStats before = rig.buffer->stats();
  ASSERT_EQ(before.queued_chunks + before.dequeued_chunks, 1u);
  ASSERT_EQ(before.staged_chunks, 2u);

  rig.open(o, /*resume=*/true);
  BufferStats after = rig.buffer->stats();
  EXPECT_EQ(after.queued_chunks, 1u);
  EXPECT_EQ(after.staged_chunks, 2u);
  EXPECT_EQ(after.staged_bytes, before.staged_bytes);
  EXPECT_EQ(after.queued_bytes, before.queued_bytes);
  std::multiset<int> all;
  for (const Drained& d : drain_all(rig))
    for (const Event& e : d.events) {
      Msgpack rec(e.record_msgpack);
      all.insert(int(field(rec.get(), "n")->via.u64));
    }
  std::multiset<int> expected;
  for (int n = 1; n <= 18; ++n) expected.insert(n);
  EXPECT_EQ(all, expected);
}

TEST(BufferResume, AResumedStagedChunkTakesNewAppends) {
  BufferOptions o = file_options(1000);
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 2))}), WriteResult::kOk);
  rig.open(o, true);
  ASSERT_EQ(rig.write({make_run("a", make_events(3, 2))}), WriteResult::kOk);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 1u);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 4));
}

TEST(BufferResume, StagedChunkAlreadyFullIsQueued) {
  BufferOptions o = file_options(1000);
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 6, 79))}), WriteResult::kOk);
  ASSERT_EQ(rig.buffer->stats().staged_chunks, 1u);
  o.chunk_limit_size = 600;  // now 600 >= 0.95 * 600: full (Fluentd's resume rule)
  rig.open(o, true);
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 0u);
  EXPECT_EQ(rig.buffer->stats().queued_chunks, 1u);
  for (const std::string& name : dir_names(rig.dir())) EXPECT_EQ(name.rfind("buffer.q", 0), 0u);
}

TEST(BufferResume, ResumedBytesCountTowardTheTotalLimit) {
  BufferOptions o = file_options(1000);
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 6, 79))}), WriteResult::kOk);
  o.total_limit_size = 500;
  rig.open(o, true);
  EXPECT_EQ(rig.buffer->stats().staged_bytes, 600u);
  EXPECT_TRUE(rig.buffer->overflowing());
  EXPECT_EQ(rig.write({make_run("a", make_events(7, 1))}), WriteResult::kOverflow);
}

TEST(BufferResume, GzipFileBufferRoundTrips) {
  BufferOptions o = file_options(1 << 20);
  o.compress_gzip = true;
  Rig rig(o);
  ASSERT_EQ(rig.write({make_run("a", make_events(1, 50, 40))}), WriteResult::kOk);
  ASSERT_EQ(rig.write({make_run("a", make_events(51, 50, 40))}), WriteResult::kOk);
  uint64_t stored = rig.buffer->stats().staged_bytes;
  EXPECT_LT(stored, 100u * 60);  // compressed
  std::vector<std::string> names = dir_names(rig.dir());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(read_bytes(rig.dir() / names[0]).substr(0, 2), "\x1f\x8b");
  rig.open(o, true);
  EXPECT_EQ(rig.buffer->stats().staged_bytes, stored);
  rig.buffer->enqueue_all();
  std::vector<std::string> bodies = rig.drain();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(event_numbers(bodies[0]), numbers(1, 100));
}

TEST(BufferResume, MemoryBufferResumeIsANoOp) {
  Rig rig(memory_options());
  rig.buffer->resume();
  EXPECT_EQ(rig.buffer->stats().staged_chunks, 0u);
  EXPECT_FALSE(fs::exists(rig.dir()));
}

}  // namespace
}  // namespace ferry::buffer
