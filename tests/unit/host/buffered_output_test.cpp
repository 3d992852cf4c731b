// BufferedOutput with in-process fake outputs on a real loop thread: flush,
// retries, dead letters, secondary, delayed commit timeout, shutdown.
// Retry timing itself is pinned in tests/unit/buffer/retry_state_test.cpp.
#include "host/buffered_output.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "host_test_support.hpp"

namespace ferry::host {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// One write a fake output saw.
struct Seen {
  std::string plugin;  // "primary" / "secondary"
  std::string chunk_id;
  uint32_t retry_count = 0;
  uint32_t count = 0;
  std::string tag;
  std::string body;
  std::chrono::steady_clock::time_point at;
  const void* data = nullptr;  // where the plugin was given the bytes
};

// What the fake outputs do, shared with the test. decide() returns the
// status to complete with, or nullopt to hold the write (complete later
// with release()).
struct Script {
  std::mutex mu;
  std::vector<Seen> seen;
  std::function<std::optional<ferry_status>(const Seen&)> decide = [](const Seen&) {
    return std::optional<ferry_status>(FERRY_OK);
  };
  std::vector<std::pair<Host, uint64_t>> held;

  std::vector<Seen> writes() {
    std::lock_guard lock(mu);
    return seen;
  }
  size_t held_count() {
    std::lock_guard lock(mu);
    return held.size();
  }
  void release(ferry_status status) {
    std::vector<std::pair<Host, uint64_t>> h;
    {
      std::lock_guard lock(mu);
      h.swap(held);
    }
    for (auto& [host, token] : h) host.complete(token, status, "released");
  }
};
Script* g_script = nullptr;

template <const char* Name>
class FakeOutput : public ferry::Output {
 public:
  FakeOutput(const ferry::Host& host, const ferry::Config&) : Output(host) {}
  void write(const ferry::Chunk& chunk, uint64_t token) override {
    Seen s{Name,
           std::string(chunk.chunk_id()),
           chunk.retry_count(),
           chunk.count(),
           std::string(chunk.tag()),
           std::string(chunk.bytes()),
           std::chrono::steady_clock::now(),
           chunk.bytes().data()};
    std::optional<ferry_status> st;
    {
      std::lock_guard lock(g_script->mu);
      g_script->seen.push_back(s);
      st = g_script->decide(s);
      if (!st) g_script->held.emplace_back(host(), token);
    }
    if (st) host().complete(token, *st, *st == FERRY_OK ? "" : "scripted failure");
  }
};
constexpr char kPrimary[] = "primary";
constexpr char kSecondary[] = "secondary";
constexpr char kOtherType[] = "othertype";

// [EventTime(sec), {"n": n}] events.
std::string events(int from, int n, uint32_t sec = 1700000000) {
  std::string out;
  for (int i = from; i < from + n; ++i) {
    out += char(0x92);
    out += {char(0xd7), char(0x00)};
    for (int b = 3; b >= 0; --b) out += char((sec >> (8 * b)) & 0xff);
    out += std::string(4, '\0');
    out += char(0x81);
    out += char(0xa1);
    out += 'n';
    out += {char(0xd2)};
    for (int b = 3; b >= 0; --b) out += char((uint32_t(i) >> (8 * b)) & 0xff);
  }
  return out;
}

buffer::BufferOptions fast_options() {
  buffer::BufferOptions o;
  o.flush_mode = buffer::FlushMode::kImmediate;
  o.flush_thread_interval = 0.02;
  o.flush_thread_burst_interval = 0.01;
  o.retry.wait = 0.05;
  o.retry.randomize = false;
  o.retry.type = buffer::RetryType::kPeriodic;
  o.delayed_commit_timeout = 5;
  return o;
}

bool eventually(const std::function<bool()>& pred, int ms = 3000) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class BufferedOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_script = &script;
    thread = std::thread([this] { loop.run(); });
    std::random_device rd;
    backup = fs::temp_directory_path() / ("ferry-buffered-test-" + std::to_string(rd()));
  }
  void TearDown() override {
    if (out) out->stop(1);
    for (auto* i : {primary.get(), secondary.get()})
      if (i) i->destroy();
    out.reset();
    guard.reset();
    loop.stop();
    thread.join();
    std::error_code ec;
    fs::remove_all(backup, ec);
    g_script = nullptr;
  }

  std::unique_ptr<Instance> instance(ModulePtr module, const char* id) {
    InstanceOptions io;
    io.api = &test::test_api();
    io.loop = &loop;
    io.id = id;
    auto inst = std::make_unique<Instance>(std::move(module), io);
    inst->set_emit_target(&target);
    return inst;
  }

  void make(buffer::BufferOptions o, bool with_secondary = false, DeadLetterRoute dl = {},
            const char* secondary_type = kOtherType) {
    options = o;
    primary = instance(test::cpp_module<FakeOutput<kPrimary>>("fakeout", FERRY_CAP_BUFFERED), "p");
    std::string error;
    ASSERT_TRUE(primary->create(cfg.get(), error)) << error;
    ASSERT_TRUE(primary->start(error)) << error;
    if (with_secondary) {
      secondary = instance(
          test::cpp_module<FakeOutput<kSecondary>>(secondary_type, FERRY_CAP_BUFFERED), "s");
      ASSERT_TRUE(secondary->create(cfg.get(), error)) << error;
      ASSERT_TRUE(secondary->start(error)) << error;
    }
    buffer::Buffer::Setup bs;
    bs.options = o;
    bs.name = "test output";
    bs.backup_dir = backup;
    auto buf = buffer::Buffer::create(std::move(bs), &error);
    ASSERT_TRUE(buf) << error;
    BufferedOutput::Setup s;
    s.instance = primary.get();
    s.secondary = secondary.get();
    s.buffer = std::move(buf);
    s.loop = &loop;
    s.dead_letters = std::move(dl);
    out = std::make_unique<BufferedOutput>(std::move(s));
    out->start();
  }

  ferry_status write(int from, int n, const std::string& tag = "app.log") {
    std::optional<ferry_status> result;
    out->write(tag, EventBatch(events(from, n), uint32_t(n)),
               [&](ferry_status s, std::string_view) { result = s; });
    EXPECT_TRUE(result) << "write() must answer synchronously";
    return result.value_or(FERRY_ERROR);
  }

  size_t delivered_records(const std::string& plugin = kPrimary) {
    size_t n = 0;
    for (const auto& s : script.writes())
      if (s.plugin == plugin) n += s.count;
    return n;
  }

  std::vector<fs::path> backups() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(backup, ec))
      if (e.is_regular_file()) files.push_back(e.path());
    return files;
  }

  Script script;
  boost::asio::io_context loop;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{
      loop.get_executor()};
  std::thread thread;
  fs::path backup;
  test::FakeConfig cfg;
  test::RecordingTarget target;
  buffer::BufferOptions options;
  std::unique_ptr<Instance> primary, secondary;
  std::unique_ptr<BufferedOutput> out;
};

TEST_F(BufferedOutputTest, WritesAreBufferedThenFlushedOnceWithChunkIds) {
  make(fast_options());
  EXPECT_EQ(write(0, 3), FERRY_OK);
  EXPECT_EQ(write(3, 2), FERRY_OK);
  ASSERT_TRUE(eventually([&] { return delivered_records() == 5; }));
  auto w = script.writes();
  for (const auto& s : w) {
    EXPECT_EQ(s.chunk_id.size(), 32u);
    EXPECT_EQ(s.retry_count, 0u);
    EXPECT_EQ(s.body, events(s.body == events(0, 3) ? 0 : 3, s.count));
  }
  ASSERT_TRUE(eventually([&] { return out->buffer().queue_empty(); }));
  EXPECT_EQ(out->counters().flushed_chunks, w.size());
  EXPECT_FALSE(out->retrying());
}

TEST_F(BufferedOutputTest, TagIsGivenWhenItIsAChunkKey) {
  auto o = fast_options();
  o.keys.tag = true;
  make(o);
  write(0, 1, "a.b");
  ASSERT_TRUE(eventually([&] { return delivered_records() == 1; }));
  EXPECT_EQ(script.writes()[0].tag, "a.b");
}

TEST_F(BufferedOutputTest, RetryThenSuccessDeliversTheSameChunkWithRetryCount) {
  std::atomic<int> calls{0};
  script.decide = [&](const Seen&) {
    return std::optional<ferry_status>(++calls <= 2 ? FERRY_RETRY : FERRY_OK);
  };
  make(fast_options());
  write(0, 4);
  ASSERT_TRUE(eventually([&] { return calls >= 3; }));
  auto w = script.writes();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].chunk_id, w[1].chunk_id);
  EXPECT_EQ(w[1].chunk_id, w[2].chunk_id);
  EXPECT_EQ(w[0].retry_count, 0u);
  EXPECT_EQ(w[1].retry_count, 1u);
  EXPECT_EQ(w[2].retry_count, 2u);
  // Periodic retry_wait 0.05 s between attempts.
  EXPECT_GE(w[1].at - w[0].at, std::chrono::milliseconds(45));
  EXPECT_GE(w[2].at - w[1].at, std::chrono::milliseconds(45));
  ASSERT_TRUE(eventually([&] { return !out->retrying(); }));
  EXPECT_EQ(out->counters().failed_flushes, 2u);
  EXPECT_EQ(out->counters().flushed_chunks, 1u);
  EXPECT_TRUE(backups().empty());
}

TEST_F(BufferedOutputTest, ARetryResendsTheMemoryChunksOwnBytesUncopied) {
  // The first attempt is never answered (delayed_commit_timeout retries
  // it) and keeps its bytes: a copied body would sit at another address.
  std::atomic<int> calls{0};
  script.decide = [&](const Seen&) {
    return ++calls == 1 ? std::nullopt : std::optional<ferry_status>(FERRY_OK);
  };
  auto o = fast_options();
  o.delayed_commit_timeout = 0.1;
  make(o);
  write(0, 4);
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 1; }));
  auto w = script.writes();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].chunk_id, w[1].chunk_id);
  EXPECT_EQ(w[0].body, events(0, 4));
  EXPECT_EQ(w[1].body, w[0].body);
  // The queued chunk's body itself, handed out again: not a fresh copy.
  EXPECT_EQ(w[1].data, w[0].data);
  script.release(FERRY_OK);  // a late answer changes nothing
}

TEST_F(BufferedOutputTest, DropMovesTheChunkToTheBackupDirAndKeepsFlushing) {
  script.decide = [](const Seen& s) {
    return std::optional<ferry_status>(s.body == events(0, 2) ? FERRY_DROP : FERRY_OK);
  };
  make(fast_options());
  write(0, 2);
  write(2, 3);
  ASSERT_TRUE(eventually([&] { return out->counters().dead_letter_chunks == 1; }));
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 1; }));
  auto files = backups();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".log");
  std::ifstream in(files[0], std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, events(0, 2));
  EXPECT_EQ(out->counters().backed_up_chunks, 1u);
  EXPECT_EQ(out->counters().dead_letter_records, 2u);
  // DROP is not retried.
  EXPECT_EQ(script.writes().size(), 2u);
}

TEST_F(BufferedOutputTest, DropGoesToTheErrorLabelWhenThereIsOne) {
  std::vector<std::pair<std::string, uint32_t>> to_error;
  std::mutex mu;
  DeadLetterRoute dl;
  dl.to_error_label = [&](std::string_view tag, const EventBatch& b, std::string_view) {
    std::lock_guard lock(mu);
    to_error.emplace_back(std::string(tag), b.count());
    return true;
  };
  script.decide = [](const Seen&) { return std::optional<ferry_status>(FERRY_DROP); };
  auto o = fast_options();
  o.keys.tag = true;
  make(o, false, dl);
  write(0, 3, "web.access");
  ASSERT_TRUE(eventually([&] { return out->counters().dead_letter_chunks == 1; }));
  std::lock_guard lock(mu);
  ASSERT_EQ(to_error.size(), 1u);
  EXPECT_EQ(to_error[0].first, "web.access");
  EXPECT_EQ(to_error[0].second, 3u);
  EXPECT_TRUE(backups().empty());
}

TEST_F(BufferedOutputTest, WithoutATagKeyTheErrorLabelCannotTakeTheChunk) {
  bool called = false;
  DeadLetterRoute dl;
  dl.to_error_label = [&](std::string_view, const EventBatch&, std::string_view) {
    called = true;
    return true;
  };
  script.decide = [](const Seen&) { return std::optional<ferry_status>(FERRY_DROP); };
  make(fast_options(), false, dl);
  write(0, 1);
  ASSERT_TRUE(eventually([&] { return out->counters().backed_up_chunks == 1; }));
  EXPECT_FALSE(called);
}

TEST_F(BufferedOutputTest, RetryLimitMovesOnlyTheFailingChunkOut) {
  // Chunk A always fails, B always succeeds: A leaves the queue after
  // retry_max_times, B is delivered (Fluentd would purge the whole queue).
  script.decide = [](const Seen& s) {
    return std::optional<ferry_status>(s.body == events(0, 2) ? FERRY_RETRY : FERRY_OK);
  };
  auto o = fast_options();
  o.retry.max_times = 2;
  make(o);
  write(0, 2);
  write(2, 5);
  ASSERT_TRUE(eventually([&] { return out->counters().dead_letter_chunks == 1; }));
  ASSERT_TRUE(eventually([&] { return delivered_records() >= 2 + 2 + 2 + 5; }));
  size_t a_attempts = 0;
  for (const auto& s : script.writes()) a_attempts += s.body == events(0, 2);
  EXPECT_EQ(a_attempts, 3u);  // the first attempt + retry_max_times
  EXPECT_EQ(backups().size(), 1u);
  EXPECT_EQ(out->counters().flushed_chunks, 1u);
  ASSERT_TRUE(eventually([&] { return !out->retrying(); }));
}

TEST_F(BufferedOutputTest, SecondaryTakesOverAfterTheThreshold) {
  script.decide = [](const Seen& s) {
    return std::optional<ferry_status>(s.plugin == kPrimary ? FERRY_RETRY : FERRY_OK);
  };
  auto o = fast_options();
  o.retry.max_times = 4;  // 4 * 0.05 s; secondary from 0.8 of that
  make(o, true);
  write(0, 3);
  ASSERT_TRUE(eventually([&] { return delivered_records(kSecondary) == 3; }));
  ASSERT_TRUE(eventually([&] { return !out->retrying(); }));
  EXPECT_EQ(out->counters().dead_letter_chunks, 0u);
  EXPECT_TRUE(backups().empty());
}

TEST_F(BufferedOutputTest, DropGoesStraightToASecondaryOfAnotherType) {
  script.decide = [](const Seen& s) {
    return std::optional<ferry_status>(s.plugin == kPrimary ? FERRY_DROP : FERRY_OK);
  };
  make(fast_options(), true);
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return delivered_records(kSecondary) == 2; }));
  ASSERT_TRUE(eventually([&] { return out->counters().dead_letter_chunks == 1; }));
  EXPECT_TRUE(backups().empty());
  EXPECT_FALSE(out->retrying());
}

TEST_F(BufferedOutputTest, DropSkipsASecondaryOfTheSameType) {
  script.decide = [](const Seen& s) {
    return std::optional<ferry_status>(s.plugin == kPrimary ? FERRY_DROP : FERRY_OK);
  };
  make(fast_options(), true, {}, "fakeout");
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return out->counters().backed_up_chunks == 1; }));
  EXPECT_EQ(delivered_records(kSecondary), 0u);
}

TEST_F(BufferedOutputTest, AWriteNotCompletedWithinDelayedCommitTimeoutIsRetried) {
  std::atomic<int> calls{0};
  script.decide = [&](const Seen&) {
    return ++calls == 1 ? std::nullopt : std::optional<ferry_status>(FERRY_OK);
  };
  auto o = fast_options();
  o.delayed_commit_timeout = 0.1;
  make(o);
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 1; }));
  auto w = script.writes();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].chunk_id, w[1].chunk_id);
  EXPECT_EQ(w[1].retry_count, 1u);
  EXPECT_GE(w[1].at - w[0].at, std::chrono::milliseconds(95));
  // The first write answers late: ignored, nothing flushed twice.
  script.release(FERRY_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(out->counters().flushed_chunks, 1u);
  EXPECT_EQ(out->counters().failed_flushes, 1u);
}

TEST_F(BufferedOutputTest, FlushThreadCountChunksAreInFlightAtOnce) {
  script.decide = [](const Seen&) { return std::optional<ferry_status>(); };
  auto o = fast_options();
  o.flush_thread_count = 2;
  make(o);
  write(0, 1);
  write(1, 1);
  write(2, 1);
  ASSERT_TRUE(eventually([&] { return script.held_count() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(script.held_count(), 2u);  // the third waits for a free slot
  script.decide = [](const Seen&) { return std::optional<ferry_status>(FERRY_OK); };
  script.release(FERRY_OK);
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 3; }));
}

TEST_F(BufferedOutputTest, AFullBufferAnswersRetrySynchronously) {
  script.decide = [](const Seen&) { return std::optional<ferry_status>(); };
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kLazy;
  o.chunk_limit_size = 200;
  o.total_limit_size = 300;
  make(o);
  int accepted = 0;
  ferry_status last = FERRY_OK;
  for (int i = 0; i < 100 && last == FERRY_OK; ++i) {
    last = write(i * 5, 5);
    accepted += last == FERRY_OK;
  }
  EXPECT_EQ(last, FERRY_RETRY);
  EXPECT_GT(accepted, 0);
  EXPECT_TRUE(out->overflowing());
}

TEST_F(BufferedOutputTest, AnEventLargerThanAChunkGoesToTheErrorPathAlone) {
  auto o = fast_options();
  o.chunk_limit_size = 30;  // room for one 19-byte event
  make(o);
  // [time, {"x": "y" * 64}]: larger than a whole chunk.
  std::string huge = std::string("\x92\xd7\x00", 3) + std::string(8, '\0') + "\x81\xa1x\xd9\x40" +
                     std::string(64, 'y');
  EXPECT_EQ(write(1, 1), FERRY_OK);
  std::optional<ferry_status> result;
  out->write("app.log", EventBatch(huge + events(2, 1), 2),
             [&](ferry_status s, std::string_view) { result = s; });
  EXPECT_EQ(result, FERRY_OK);
  ASSERT_TRUE(eventually([&] { return delivered_records() == 2; }));
  auto errors = target.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].tag, "app.log");
}

TEST_F(BufferedOutputTest, FlushAtShutdownFlushesWhatIsStaged) {
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kInterval;
  o.flush_interval = 3600;
  make(o);
  write(0, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(delivered_records(), 0u);  // staged, not due for an hour
  out->stop(5);
  EXPECT_EQ(delivered_records(), 3u);
  EXPECT_TRUE(out->buffer().queue_empty());
  EXPECT_FALSE(out->buffer().has_staged_data());
}

TEST_F(BufferedOutputTest, FlushAtShutdownStopsAtARetry) {
  script.decide = [](const Seen&) { return std::optional<ferry_status>(FERRY_RETRY); };
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kInterval;
  o.flush_interval = 3600;
  o.retry.wait = 30;
  make(o);
  write(0, 3);
  auto t0 = std::chrono::steady_clock::now();
  out->stop(5);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_EQ(script.writes().size(), 1u);
}

TEST_F(BufferedOutputTest, WithoutFlushAtShutdownAMemoryBufferIsSavedToTheBackupDir) {
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kInterval;
  o.flush_interval = 3600;
  o.flush_at_shutdown = false;
  make(o);
  write(0, 3);
  out->stop(5);
  EXPECT_EQ(delivered_records(), 0u);
  out.reset();
  auto files = backups();
  ASSERT_EQ(files.size(), 1u);
  std::ifstream in(files[0], std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, events(0, 3));
}

TEST_F(BufferedOutputTest, FlushNowEnqueuesAndFlushesStagedChunks) {
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kInterval;
  o.flush_interval = 3600;
  make(o);
  write(0, 2);
  write(2, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(delivered_records(), 0u);
  out->flush_now();
  ASSERT_TRUE(eventually([&] { return delivered_records() == 4; }));
}

TEST_F(BufferedOutputTest, IntervalModeFlushesAfterFlushInterval) {
  auto o = fast_options();
  o.flush_mode = buffer::FlushMode::kInterval;
  o.flush_interval = 1;  // whole seconds, from the chunk's creation
  make(o);
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return delivered_records() == 2; }, 4000));
}

TEST_F(BufferedOutputTest, ASlowFlushIsCounted) {
  script.decide = [](const Seen&) { return std::optional<ferry_status>(); };
  auto o = fast_options();
  o.slow_flush_log_threshold = 0.05;
  make(o);
  write(0, 1);
  ASSERT_TRUE(eventually([&] { return script.held_count() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  script.release(FERRY_OK);
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 1; }));
  EXPECT_EQ(out->counters().slow_flushes, 1u);
}

TEST_F(BufferedOutputTest, ASecondaryThatFailsADroppedChunkLeavesItInTheBackupDir) {
  script.decide = [](const Seen&) { return std::optional<ferry_status>(FERRY_DROP); };
  make(fast_options(), true);
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return out->counters().backed_up_chunks == 1; }));
  EXPECT_EQ(delivered_records(kSecondary), 2u);  // it was tried there first
  EXPECT_EQ(out->counters().dead_letter_chunks, 1u);
  EXPECT_EQ(backups().size(), 1u);
}

TEST_F(BufferedOutputTest, ForeverRetriesNeverGiveUp) {
  std::atomic<int> calls{0};
  script.decide = [&](const Seen&) {
    return std::optional<ferry_status>(++calls < 6 ? FERRY_RETRY : FERRY_OK);
  };
  auto o = fast_options();
  o.retry.max_times = 1;
  o.retry.forever = true;
  o.retry.wait = 0.01;
  make(o, true);
  write(0, 2);
  ASSERT_TRUE(eventually([&] { return out->counters().flushed_chunks == 1; }));
  EXPECT_EQ(delivered_records(kSecondary), 0u);  // forever: only DROP would go there
  EXPECT_EQ(out->counters().dead_letter_chunks, 0u);
  EXPECT_EQ(calls.load(), 6);
}

}  // namespace
}  // namespace ferry::host
