// Emitter against a fake host: batching by tag, and push-back.
#include "emitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ferry::exec {
namespace {

struct Router {
  std::vector<std::string> emits;  // "tag:count:bytes"
  std::vector<std::string> warnings;
  ferry_status answer = FERRY_OK;
};
Router* g_router = nullptr;

ferry_status fake_emit(ferry_instance*, const char* tag, size_t tag_len, const uint8_t* events,
                       size_t len, uint32_t count) {
  if (g_router->answer == FERRY_OK)
    g_router->emits.push_back(std::string(tag, tag_len) + ":" + std::to_string(count) + ":" +
                              std::string(reinterpret_cast<const char*>(events), len));
  return g_router->answer;
}
void fake_log(ferry_instance*, ferry_log_level level, const char* msg, size_t len) {
  if (level == FERRY_LOG_WARN) g_router->warnings.emplace_back(msg, len);
}
int fake_log_enabled(ferry_instance*, ferry_log_level) {
  return 1;
}

class EmitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_router = &router;
    api.struct_size = sizeof api;
    api.emit = &fake_emit;
    api.log = &fake_log;
    api.log_enabled = &fake_log_enabled;
  }
  void TearDown() override { g_router = nullptr; }
  Router router;
  ferry_host_api api{};
  ferry::Host host{&api, nullptr};
};

TEST_F(EmitterTest, ConsecutiveEventsOfOneTagAreOneEmit) {
  Emitter e(host);
  e.append("a", "1");
  e.append("a", "2");
  e.append("b", "3");
  e.append("a", "4");
  e.flush();
  EXPECT_EQ(router.emits, (std::vector<std::string>{"a:2:12", "b:1:3", "a:1:4"}));
  EXPECT_EQ(e.emitted(), 4u);
  EXPECT_FALSE(e.blocked());
}

TEST_F(EmitterTest, PushBackHoldsBatchesInOrderUntilRetried) {
  Emitter e(host);
  router.answer = FERRY_RETRY;
  e.append("a", "1");
  e.flush();
  EXPECT_TRUE(e.blocked());
  router.answer = FERRY_OK;
  e.append("b", "2");
  e.flush();  // queued behind the held one, not sent ahead of it
  EXPECT_TRUE(router.emits.empty());
  EXPECT_TRUE(e.retry());
  EXPECT_EQ(router.emits, (std::vector<std::string>{"a:1:1", "b:1:2"}));
  EXPECT_FALSE(e.blocked());
}

TEST_F(EmitterTest, ShutdownDropsWhatIsStillHeldWithAWarning) {
  Emitter e(host);
  router.answer = FERRY_RETRY;
  e.append("a", "1");
  e.append("a", "2");
  e.flush();
  e.append("b", "3");
  e.drain_at_stop();
  EXPECT_EQ(router.warnings,
            (std::vector<std::string>{"shutting down while downstream pushes back: 3 events of the "
                                      "command's output dropped"}));
  EXPECT_FALSE(e.blocked());
}

TEST_F(EmitterTest, RefusedBatchesAreNotCountedAsEmitted) {
  Emitter e(host);
  router.answer = FERRY_DROP;  // no route, no @ERROR: the router dumped them
  e.append("a", "1");
  e.flush();
  EXPECT_EQ(e.emitted(), 0u);
  EXPECT_FALSE(e.blocked());
}

}  // namespace
}  // namespace ferry::exec
