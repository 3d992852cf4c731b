// Backpressure: a full buffer answers RETRY synchronously and the router
// hands it back to the emitter instead of using the error path; through
// relabel and copy too. Unbuffered outputs keep the error path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "router/router.hpp"
#include "router_test_support.hpp"

namespace ferry::router {
namespace {

using testing::element;
using ::testing::ElementsAre;
using testing::FakeFactory;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LogCapture;
using testing::make_batch;
using ::testing::Not;

using Entries = std::vector<std::pair<std::string, std::string>>;

config::Element match(std::string pattern, std::string type, std::string id, uint32_t line,
                      Entries more = {}, std::vector<config::Element> children = {}) {
  more.insert(more.begin(), {{"@type", type}, {"@id", id}});
  return element("match", std::move(pattern), line, std::move(more), std::move(children));
}
config::Element store(std::string type, std::string id, uint32_t line, Entries more = {}) {
  more.insert(more.begin(), {{"@type", type}, {"@id", id}});
  return element("store", "", line, std::move(more));
}
config::Element label(std::string name, uint32_t line, std::vector<config::Element> content) {
  return element("label", std::move(name), line, {}, std::move(content));
}

struct Fixture {
  explicit Fixture(std::vector<config::Element> children) {
    config::Diagnostics diag;
    RouteTable table = build_routes(testing::root(std::move(children)), factory, diag);
    for (const auto& d : diag.items()) ADD_FAILURE() << config::Diagnostics::format(d);
    router = std::make_unique<Router>(std::move(table));
    factory.router = router.get();
  }
  std::vector<std::string> path() const { return factory.journal.path(); }
  // How many batches reached the stage named `stage`.
  size_t deliveries(std::string_view stage) const {
    size_t n = 0;
    for (const auto& d : factory.journal.entries()) n += d.stage == stage;
    return n;
  }
  void make_room() {
    for (auto* out : factory.buffered_outputs) out->make_room();
  }

  FakeFactory factory;
  std::unique_ptr<Router> router;
};

TEST(Backpressure, FullBufferHandsRetryToTheEmitterNotToTheErrorPath) {
  LogCapture log;
  Fixture f({match("**", "buffered", "out", 1, {{"capacity", "1"}}),
             label("@ERROR", 5, {match("**", "sink", "e", 6)})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(2)), FERRY_OK);
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(3)), FERRY_RETRY);
  EXPECT_THAT(f.path(), ElementsAre("out:t"));  // @ERROR never saw it
  EXPECT_EQ(f.router->error_records(), 0u);
  EXPECT_EQ(f.router->pushed_back_batches(), 1u);
  EXPECT_EQ(f.router->pushed_back_records(), 3u);
  // A refused batch was not taken: only the accepted one counts.
  EXPECT_EQ(f.router->counters(kRootScope, 0).records_in, 2u);
  EXPECT_EQ(f.router->counters(kRootScope, 0).records_out, 2u);
  EXPECT_THAT(log.text(), Not(HasSubstr("@ERROR")));
  EXPECT_THAT(log.text(), Not(HasSubstr("dump an error event")));
}

TEST(Backpressure, TheSameBatchIsTakenOnceTheBufferHasRoom) {
  Fixture f({match("**", "buffered", "out", 1, {{"capacity", "1"}})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1, 0, 0)), FERRY_OK);
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1, 0, 1)), FERRY_RETRY);
  f.make_room();
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1, 0, 1)), FERRY_OK);
  auto entries = f.factory.journal.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].bytes, std::string(make_batch(1, 0, 1).view()));
}

TEST(Backpressure, BufferedStageIsEnoughWithoutNoteBackpressure) {
  Fixture f({match("**", "buffered_quiet", "out", 1, {{"capacity", "0"}}),
             label("@ERROR", 5, {match("**", "sink", "e", 6)})});
  uint64_t before = backpressure_count();
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
  EXPECT_THAT(f.path(), IsEmpty());
  // The router marks it for whatever encloses this emit (relabel, copy).
  EXPECT_GT(backpressure_count(), before);
}

TEST(Backpressure, UnbufferedRetryStillGoesToTheErrorPath) {
  LogCapture log;
  Fixture f({match("**", "retry", "out", 1), label("@ERROR", 5, {match("**", "sink", "e", 6)})});
  uint64_t before = backpressure_count();
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(2)), FERRY_OK);
  EXPECT_THAT(f.path(), ElementsAre("out:t", "e:t"));
  EXPECT_EQ(backpressure_count(), before);
  EXPECT_EQ(f.router->pushed_back_batches(), 0u);
  EXPECT_THAT(log.text(), HasSubstr("an output without a buffer is not retried"));
}

TEST(Backpressure, FiltersRunAgainWhenTheBatchComesBack) {
  Fixture f({element("filter", "**", 1, {{"@type", "pass"}, {"@id", "f"}}),
             match("**", "buffered", "out", 3, {{"capacity", "0"}})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
  EXPECT_THAT(f.path(), ElementsAre("f:t", "f:t"));
}

TEST(Backpressure, RelabelPassesAFullBufferBackToTheRootEmitter) {
  LogCapture log;
  Fixture f({match("**", "relabel", "r", 1, {{"@label", "@OUT"}}),
             label("@OUT", 3, {match("**", "buffered_quiet", "out", 4, {{"capacity", "0"}})}),
             label("@ERROR", 7, {match("**", "sink", "e", 8)})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(2)), FERRY_RETRY);
  EXPECT_THAT(f.path(), ElementsAre("r:t"));
  EXPECT_EQ(f.router->error_records(), 0u);
  // Counted once per level the RETRY went through.
  EXPECT_EQ(f.router->pushed_back_batches(), 2u);
}

// At-least-once with copy: the stores before the one that pushed back took
// the batch already and get it again when the emitter retries.
TEST(Backpressure, CopyStorePushingBackDuplicatesIntoEarlierStores) {
  Fixture f({match("**", "copy", "c", 1, {},
                   {store("sink", "a", 2), store("buffered", "b", 4, {{"capacity", "1"}}),
                    store("sink", "z", 6)}),
             label("@ERROR", 9, {match("**", "sink", "e", 10)})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_OK);
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
  EXPECT_THAT(f.path(), ElementsAre("a:t", "b:t", "z:t", "a:t"));
  f.make_room();
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_OK);
  EXPECT_EQ(f.deliveries("a"), 3u);  // one duplicate
  EXPECT_EQ(f.deliveries("b"), 2u);
  EXPECT_EQ(f.deliveries("z"), 2u);
  EXPECT_EQ(f.deliveries("e"), 0u);
}

TEST(Backpressure, CopyStoreRelabelledIntoAFullLabel) {
  Fixture f({match("**", "copy", "c", 1, {},
                   {store("sink", "a", 2), store("relabel", "r", 4, {{"@label", "@OUT"}})}),
             label("@OUT", 7, {match("**", "buffered_quiet", "out", 8, {{"capacity", "0"}})}),
             label("@ERROR", 11, {match("**", "sink", "e", 12)})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
  EXPECT_EQ(f.deliveries("e"), 0u);
}

TEST(Backpressure, ErrorLabelWithAFullBufferPushesBackToo) {
  Fixture f({match("**", "refuse", "out", 1),
             label("@ERROR", 5, {match("**", "buffered", "e", 6, {{"capacity", "0"}})})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(1)), FERRY_RETRY);
}

TEST(Backpressure, AsynchronousFailureIntoAFullErrorLabelIsDumpedNotLost) {
  LogCapture log;
  Fixture f({match("**", "async", "out", 1),
             label("@ERROR", 5, {match("**", "buffered", "e", 6, {{"capacity", "0"}})})});
  EXPECT_EQ(f.router->emit(kRootScope, "t", make_batch(2)), FERRY_OK);
  std::thread t([&] { f.factory.async_outputs[0]->complete_all(FERRY_DROP, "gone"); });
  t.join();
  auto text = log.text();
  EXPECT_THAT(text, HasSubstr("and <label @ERROR> pushed back"));
  EXPECT_THAT(text, HasSubstr("dump an error event"));
}

TEST(Backpressure, EmitErrorIntoAFullErrorLabelIsDumped) {
  LogCapture log;
  Fixture f({match("**", "sink", "out", 1),
             label("@ERROR", 5, {match("**", "buffered", "e", 6, {{"capacity", "0"}})})});
  EventBatch one = make_batch(1);
  f.router->emit_error("t", one.view(), "bad record");
  EXPECT_THAT(log.text(), HasSubstr("dump an error event"));
}

TEST(Backpressure, CountIsPerThread) {
  uint64_t here = backpressure_count();
  std::thread t([] { note_backpressure(); });
  t.join();
  EXPECT_EQ(backpressure_count(), here);
  note_backpressure();
  EXPECT_EQ(backpressure_count(), here + 1);
}

}  // namespace
}  // namespace ferry::router
