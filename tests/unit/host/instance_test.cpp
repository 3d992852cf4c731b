// Plugin instances: lifecycle, loop services, emits, completions, filters,
// children, and exceptions from the C++ layer turning into errors.
#include "host/instance.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "host/stage_adapters.hpp"
#include "host_test_support.hpp"

namespace ferry::host {
namespace {
using test::cpp_module;
using test::run_until;
using ::testing::HasSubstr;

// Counts timer ticks; the test reads the count through a global because the
// plugin object is owned by the instance.
std::atomic<int> g_ticks{0};
std::atomic<uint64_t> g_interval_ns{1000000};

class TickInput : public ferry::Input {
 public:
  TickInput(const ferry::Host& h, const ferry::Config&) : Input(h) { g_ticks = 0; }
  void start() override {
    timer_ = std::make_unique<ferry::Timer>(host(), 1000000, g_interval_ns.load(), [this] {
      ++g_ticks;
      host().emit("tick", std::string_view("\x01", 1), 1);
    });
  }
  void stop() override { timer_.reset(); }

 private:
  std::unique_ptr<ferry::Timer> timer_;
};

// Keeps its timer through stop(): the host must still guarantee silence.
class StubbornInput : public ferry::Input {
 public:
  StubbornInput(const ferry::Host& h, const ferry::Config&) : Input(h) { g_ticks = 0; }
  void start() override {
    timer_ = std::make_unique<ferry::Timer>(host(), 0, 1000000, [] { ++g_ticks; });
    host().post(&StubbornInput::posted, nullptr);
  }
  static void posted(void*) { ++g_ticks; }

 private:
  std::unique_ptr<ferry::Timer> timer_;  // stopped only in the destructor
};

struct InstanceFixture : ::testing::Test {
  boost::asio::io_context loop;
  test::RecordingTarget target;
  std::unique_ptr<Instance> make(ModulePtr m, std::string id = "") {
    auto inst = std::make_unique<Instance>(m, InstanceOptions{&test::test_api(), &loop, id, -1});
    inst->set_emit_target(&target);
    return inst;
  }
  void create_and_start(Instance& inst, const ferry_config* cfg = nullptr) {
    std::string error;
    ASSERT_TRUE(inst.create(cfg, error)) << error;
    ASSERT_TRUE(inst.start(error)) << error;
  }
};

TEST_F(InstanceFixture, RepeatingTimerFiresAndItsEmitsReachTheTarget) {
  g_interval_ns = 1000000;
  auto inst = make(cpp_module<TickInput>("tick"));
  create_and_start(*inst);
  ASSERT_TRUE(run_until(loop, [] { return g_ticks >= 3; }));
  auto emitted = target.emitted();
  ASSERT_GE(emitted.size(), 3u);
  EXPECT_EQ(emitted[0].tag, "tick");
  EXPECT_EQ(emitted[0].bytes, "\x01");
  EXPECT_EQ(emitted[0].count, 1u);
  inst->stop();
  inst->destroy();
}

TEST_F(InstanceFixture, OneShotTimerFiresOnce) {
  g_interval_ns = 0;
  auto inst = make(cpp_module<TickInput>("tick"));
  create_and_start(*inst);
  ASSERT_TRUE(run_until(loop, [] { return g_ticks >= 1; }));
  run_until(
      loop, [] { return false; }, std::chrono::milliseconds(30));
  EXPECT_EQ(g_ticks, 1);
}

TEST_F(InstanceFixture, NoTimerOrPostCallbackRunsAfterStop) {
  auto inst = make(cpp_module<StubbornInput>("stubborn"));
  create_and_start(*inst);
  std::thread worker([this] {
    auto guard = boost::asio::make_work_guard(loop);
    loop.run();
  });
  // Let it tick on the worker while we stop from this thread.
  while (g_ticks < 5) std::this_thread::yield();
  inst->stop();
  int after_stop = g_ticks;
  std::this_thread::sleep_for(std::chrono::milliseconds(30));  // time for stray ticks
  EXPECT_EQ(g_ticks, after_stop);
  inst->destroy();  // ~Timer calls timer_stop on a quiesced handle: must be safe
  loop.stop();
  worker.join();
}

// Reads one byte per callback so the level-triggered re-arm is observable.
class PipeInput : public ferry::Input {
 public:
  static inline int fd = -1;
  static inline std::atomic<int> reads{0};
  PipeInput(const ferry::Host& h, const ferry::Config&) : Input(h) { reads = 0; }
  void start() override {
    watch_ = std::make_unique<ferry::FdWatch>(host(), fd, FERRY_FD_READ, [](uint32_t ev) {
      char c;
      if ((ev & FERRY_FD_READ) && ::read(fd, &c, 1) == 1) ++reads;
    });
  }
  void stop() override { watch_.reset(); }

 private:
  std::unique_ptr<ferry::FdWatch> watch_;
};

TEST_F(InstanceFixture, FdWatchFiresWhileDataRemains) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  PipeInput::fd = p[0];
  auto inst = make(cpp_module<PipeInput>("pipe"));
  create_and_start(*inst);
  ASSERT_EQ(write(p[1], "abc", 3), 3);
  // Three bytes, one read per callback: the watch must fire three times.
  ASSERT_TRUE(run_until(loop, [] { return PipeInput::reads >= 3; }));
  inst->stop();
  ASSERT_EQ(write(p[1], "d", 1), 1);
  run_until(
      loop, [] { return false; }, std::chrono::milliseconds(30));
  EXPECT_EQ(PipeInput::reads, 3);
  inst->destroy();
  close(p[0]);  // still open: the watch must not have closed it
  close(p[1]);
}

class EagerInput : public ferry::Input {
 public:
  EagerInput(const ferry::Host& h, const ferry::Config&) : Input(h) {
    status = host().emit("too.early", std::string_view("x", 1), 1);
  }
  static inline ferry_status status = FERRY_OK;
};

TEST_F(InstanceFixture, EmitDuringCreateIsRefused) {
  auto inst = make(cpp_module<EagerInput>("eager"));
  create_and_start(*inst);
  EXPECT_EQ(EagerInput::status, FERRY_DROP);
  EXPECT_TRUE(target.emitted().empty());
}

// Holds tokens; the test completes them from another thread.
class HeldOutput : public ferry::Output {
 public:
  static inline std::vector<uint64_t> tokens;
  static inline ferry::Host* last_host = nullptr;
  HeldOutput(const ferry::Host& h, const ferry::Config&) : Output(h) {
    tokens.clear();
    last_host = nullptr;
  }
  void write(const ferry::Chunk& chunk, uint64_t token) override {
    EXPECT_EQ(chunk.tag(), "app.access");
    EXPECT_EQ(chunk.count(), 2u);
    tokens.push_back(token);
    host_copy_ = host();
    last_host = &host_copy_;
  }

 private:
  ferry::Host host_copy_{nullptr, nullptr};
};

TEST_F(InstanceFixture, CompleteMapsToWriteDoneExactlyOnce) {
  auto inst = make(cpp_module<HeldOutput>("held"));
  create_and_start(*inst);
  OutputStageAdapter stage(*inst);
  std::atomic<int> calls{0};
  ferry_status got = FERRY_OK;
  std::string msg;
  stage.write("app.access", EventBatch("ab", 2), [&](ferry_status s, std::string_view m) {
    got = s;
    msg = std::string(m);
    ++calls;
  });
  ASSERT_EQ(HeldOutput::tokens.size(), 1u);
  EXPECT_EQ(calls, 0);  // asynchronous: nothing until complete()
  uint64_t token = HeldOutput::tokens[0];
  std::thread other([&] { HeldOutput::last_host->complete(token, FERRY_RETRY, "timeout"); });
  other.join();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got, FERRY_RETRY);
  EXPECT_EQ(msg, "timeout");
  HeldOutput::last_host->complete(token, FERRY_OK);  // twice: ignored
  EXPECT_EQ(calls, 1);
}

TEST_F(InstanceFixture, DestroyFailsWritesThatNeverCompleted) {
  auto inst = make(cpp_module<HeldOutput>("held"));
  create_and_start(*inst);
  int calls = 0;
  ferry_status got = FERRY_OK;
  inst->write("app.access", EventBatch("ab", 2), [&](ferry_status s, std::string_view) {
    got = s;
    ++calls;
  });
  inst->destroy();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got, FERRY_RETRY);
  // After destroy a write is refused, still with exactly one done.
  inst->write("app.access", EventBatch("ab", 2), [&](ferry_status s, std::string_view) {
    got = s;
    ++calls;
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(got, FERRY_RETRY);
}

class ThrowingOutput : public ferry::Output {
 public:
  ThrowingOutput(const ferry::Host& h, const ferry::Config& cfg) : Output(h) {
    auto mode = cfg.string("mode");
    if (mode && *mode == "bad")
      throw ferry::ConfigError(ferry::str(cfg.location("mode"), ": mode 'bad' is not allowed"));
    mode_ = mode.value_or("");
  }
  void start() override {
    if (mode_ == "nostart") throw std::runtime_error("port 24224 is in use");
  }
  void write(const ferry::Chunk&, uint64_t) override {
    if (mode_ == "fatal") throw ferry::Unrecoverable("record too large");
    throw std::runtime_error("connection reset");
  }

 private:
  std::string mode_;
};

TEST_F(InstanceFixture, ExceptionInConstructorBecomesCreateError) {
  test::FakeConfig cfg{{{"mode", "bad"}}};
  auto inst = make(cpp_module<ThrowingOutput>("thrower"), "out1");
  std::string error;
  EXPECT_FALSE(inst->create(cfg.get(), error));
  EXPECT_THAT(error, HasSubstr("create failed for output plugin 'thrower' (@id out1"));
  EXPECT_THAT(error, HasSubstr("test.conf:3: mode 'bad' is not allowed"));
}

TEST_F(InstanceFixture, ExceptionInStartBecomesStartError) {
  test::FakeConfig cfg{{{"mode", "nostart"}}};
  auto inst = make(cpp_module<ThrowingOutput>("thrower"));
  std::string error;
  ASSERT_TRUE(inst->create(cfg.get(), error)) << error;
  EXPECT_FALSE(inst->start(error));
  EXPECT_THAT(error, HasSubstr("start failed"));
  EXPECT_THAT(error, HasSubstr("port 24224 is in use"));
}

TEST_F(InstanceFixture, ExceptionInWriteCompletesTheToken) {
  for (auto [mode, want] : {std::pair{"retry", FERRY_RETRY}, std::pair{"fatal", FERRY_DROP}}) {
    test::FakeConfig cfg{{{"mode", mode}}};
    auto inst = make(cpp_module<ThrowingOutput>("thrower"));
    create_and_start(*inst, cfg.get());
    int calls = 0;
    ferry_status got = FERRY_OK;
    std::string msg;
    inst->write("t", EventBatch("x", 1), [&](ferry_status s, std::string_view m) {
      ++calls;
      got = s;
      msg = std::string(m);
    });
    EXPECT_EQ(calls, 1) << mode;
    EXPECT_EQ(got, want) << mode;
    EXPECT_EQ(msg, std::string(mode) == "fatal" ? "record too large" : "connection reset");
  }
}

// Doubles every batch; throws on tag "boom"; leaves "keep" unchanged.
class DoubleFilter : public ferry::Filter {
 public:
  using Filter::Filter;
  DoubleFilter(const ferry::Host& h, const ferry::Config&) : Filter(h) {}
  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer& out) override {
    if (in.tag() == "boom") throw std::runtime_error("bad record in " + std::string(in.tag()));
    if (in.tag() == "keep") return FERRY_FILTER_UNCHANGED;
    out.append(in.bytes(), in.count());
    out.append(in.bytes(), in.count());
    return FERRY_FILTER_REWRITTEN;
  }
};

TEST_F(InstanceFixture, FilterAdapterMapsEveryResult) {
  auto inst = make(cpp_module<DoubleFilter>("double"));
  create_and_start(*inst);
  FilterStageAdapter stage(*inst);
  using Kind = router::FilterOutcome::Kind;
  auto out = stage.filter("app", EventBatch("ab", 2));
  EXPECT_EQ(out.kind, Kind::Rewritten);
  EXPECT_EQ(out.batch.view(), "abab");
  EXPECT_EQ(out.batch.count(), 4u);
  EXPECT_EQ(stage.filter("keep", EventBatch("ab", 2)).kind, Kind::Unchanged);
  auto failed = stage.filter("boom", EventBatch("ab", 2));
  EXPECT_EQ(failed.kind, Kind::Failed);
  EXPECT_EQ(failed.error, "bad record in boom");
}

// A copy-like output: every chunk to every child, done when all are.
class FanOut : public ferry::Output {
 public:
  FanOut(const ferry::Host& h, const ferry::Config&) : Output(h) {}
  void write(const ferry::Chunk& chunk, uint64_t token) override {
    size_t n = host().child_count();
    auto left = std::make_shared<size_t>(n);
    for (size_t i = 0; i < n; ++i)
      host().child_write(i, chunk.raw(), [this, left, token](ferry_status s, std::string_view) {
        EXPECT_EQ(s, FERRY_OK);
        if (--*left == 0) host().complete(token, FERRY_OK);
      });
  }
};

class SeenOutput : public ferry::Output {
 public:
  static inline std::vector<const uint8_t*> seen;
  SeenOutput(const ferry::Host& h, const ferry::Config&) : Output(h) {}
  void write(const ferry::Chunk& chunk, uint64_t token) override {
    seen.push_back(chunk.data());
    host().complete(token, FERRY_OK);
  }
};

TEST_F(InstanceFixture, ChildrenShareTheParentsBytes) {
  SeenOutput::seen.clear();
  auto parent = make(cpp_module<FanOut>("fanout", FERRY_CAP_CHILDREN));
  for (const char* arg : {"", "ignore_error"}) {
    auto child = make(cpp_module<SeenOutput>("seen"));
    std::string error;
    ASSERT_TRUE(child->create(nullptr, error)) << error;
    parent->add_child(std::move(child), arg);
  }
  create_and_start(*parent);
  EXPECT_EQ(parent->child(0).state(), Instance::State::Running);
  EXPECT_STREQ(parent->child_arg(1), "ignore_error");
  EventBatch batch("events", 3);
  int calls = 0;
  parent->write("app", batch, [&](ferry_status s, std::string_view) {
    EXPECT_EQ(s, FERRY_OK);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(SeenOutput::seen.size(), 2u);
  EXPECT_EQ(SeenOutput::seen[0], batch.data());  // no copy between stages
  EXPECT_EQ(SeenOutput::seen[1], batch.data());
  parent->stop();
  EXPECT_EQ(parent->child(1).state(), Instance::State::Stopped);
  parent->destroy();
  EXPECT_EQ(parent->child(1).state(), Instance::State::Destroyed);
}

TEST_F(InstanceFixture, LifecycleOrderIsEnforced) {
  auto inst = make(cpp_module<DoubleFilter>("double"));
  std::string error;
  EXPECT_FALSE(inst->start(error));
  EXPECT_THAT(error, HasSubstr("needs a created instance"));
  ASSERT_TRUE(inst->create(nullptr, error)) << error;
  EXPECT_FALSE(inst->create(nullptr, error));
  // A filter that is not running fails its batches rather than skip itself.
  EXPECT_EQ(inst->filter("app", EventBatch("a", 1)).kind, router::FilterOutcome::Kind::Failed);
}

// Rejects each batch's bytes as one error event, naming a Ruby class on
// tag "classed" (ABI 1.1 emit_error_class) and none otherwise.
class RejectingFilter : public ferry::Filter {
 public:
  RejectingFilter(const ferry::Host& h, const ferry::Config&) : Filter(h) {}
  ferry_filter_result filter(const ferry::Chunk& in, ferry::Writer&) override {
    if (in.tag() == "classed")
      host().emit_error(in.tag(), in.bytes(), "x does not exist", "ArgumentError");
    else
      host().emit_error(in.tag(), in.bytes(), "plain");
    return FERRY_FILTER_REWRITTEN;
  }
};

TEST_F(InstanceFixture, ErrorEventsCarryTheErrorClassThePluginNames) {
  auto inst = make(cpp_module<RejectingFilter>("rejecting"));
  create_and_start(*inst);
  inst->filter("classed", EventBatch("a", 1));
  inst->filter("other", EventBatch("b", 1));
  auto errors = target.errors();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].tag, "classed");
  EXPECT_EQ(errors[0].bytes, "a|x does not exist|ArgumentError");
  EXPECT_EQ(errors[1].bytes, "b|plain");  // no class: the router's default
}

}  // namespace
}  // namespace ferry::host
