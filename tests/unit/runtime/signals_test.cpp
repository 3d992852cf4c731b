// Signals arrive as actions on the control loop, in order, and keep coming.
#include "runtime/signals.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <vector>

#include "runtime/runtime.hpp"

namespace ferry::runtime {
namespace {

TEST(SignalWatcher, MapsSignalsToActionsOnTheControlLoop) {
  boost::asio::io_context control;
  std::vector<SignalAction> seen;
  SignalWatcher watcher(control, [&](SignalAction a, int) {
    seen.push_back(a);
    if (seen.size() == 1) ::raise(SIGUSR1);
    if (seen.size() == 2) ::raise(SIGTERM);
    if (seen.size() == 3) control.stop();
  });
  ::raise(SIGHUP);
  boost::asio::steady_timer guard(control, std::chrono::seconds(10));
  guard.async_wait([&](auto) { control.stop(); });
  control.run();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], SignalAction::Reload);
  EXPECT_EQ(seen[1], SignalAction::Flush);
  EXPECT_EQ(seen[2], SignalAction::Stop);
}

TEST(Runtime, RunsWorkOnEveryLoopAndStops) {
  Runtime rt(2);
  ASSERT_EQ(rt.size(), 2u);
  std::atomic<int> ran{0};
  rt.start();
  for (size_t i = 0; i < rt.size(); ++i) boost::asio::post(rt.loop(rt.next_loop()), [&] { ran++; });
  for (int i = 0; i < 500 && ran.load() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(ran.load(), 2);
  rt.stop();
  rt.join();
}

}  // namespace
}  // namespace ferry::runtime
