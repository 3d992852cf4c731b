// RetryState against Fluentd's plugin_helper/retry_state.rb, on a fake
// clock (plain doubles) with a fixed random source.
#include "buffer/retry_state.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ferry::buffer {
namespace {

RetryOptions exact(double wait = 1, double base = 2) {
  RetryOptions o;
  o.wait = wait;
  o.exponential_backoff_base = base;
  o.randomize = false;
  return o;
}

// Fails at each next_time (the usual flush loop) and records the times.
std::vector<double> schedule(RetryState& r, int failures) {
  std::vector<double> times;
  for (int i = 0; i < failures; ++i) {
    r.step(r.next_time());
    times.push_back(r.next_time());
  }
  return times;
}

TEST(RetryStateTest, FirstRetryWaitsExactlyRetryWaitWithoutJitter) {
  RetryOptions o = exact(5);
  o.randomize = true;
  RetryState r(o, false, 100, [] { return 0.0; });
  EXPECT_EQ(r.steps(), 0u);
  EXPECT_DOUBLE_EQ(r.next_time(), 105);
  EXPECT_FALSE(r.limit_reached());
}

TEST(RetryStateTest, ExponentialIntervalsDoubleFromRetryWait) {
  RetryState r(exact(1, 2), false, 0);
  // next = now + wait * base^(steps-1): 1, 2, 4, 8, 16 after the first wait.
  EXPECT_EQ(schedule(r, 5), (std::vector<double>{2, 4, 8, 16, 32}));
  EXPECT_EQ(r.steps(), 5u);
}

TEST(RetryStateTest, BackoffBaseIsHonoured) {
  RetryState r(exact(2, 3), false, 0);
  // 2 + 2, then +6, +18.
  EXPECT_EQ(schedule(r, 3), (std::vector<double>{4, 10, 28}));
}

TEST(RetryStateTest, MaxIntervalCapsTheBackoff) {
  RetryOptions o = exact(1, 2);
  o.max_interval = 3;
  RetryState r(o, false, 0);
  EXPECT_EQ(schedule(r, 5), (std::vector<double>{2, 4, 7, 10, 13}));
}

TEST(RetryStateTest, RandomizeSpreadsPlusMinusOneEighth) {
  RetryOptions o = exact(8, 2);
  o.randomize = true;
  double rnd = 0.0;
  RetryState r(o, false, 0, [&] { return rnd; });
  r.step(8);  // interval 8 * 0.875
  EXPECT_DOUBLE_EQ(r.next_time(), 8 + 7);
  rnd = 0.5;
  r.step(15);  // interval 16, unchanged
  EXPECT_DOUBLE_EQ(r.next_time(), 15 + 16);
  rnd = 1.0;
  r.step(31);  // interval 32 * 1.125
  EXPECT_DOUBLE_EQ(r.next_time(), 31 + 36);
}

TEST(RetryStateTest, RecalcBeforeTheNextTimeDoesNotStep) {
  RetryState r(exact(4, 2), false, 0);
  // A second flush slot fails at t=1, before next_time (4): no step; the
  // next time is recomputed from now with the current step count
  // (steps 0: wait * base^-1 = 2).
  r.recalc_next_time(1);
  EXPECT_EQ(r.steps(), 0u);
  EXPECT_DOUBLE_EQ(r.next_time(), 3);
}

TEST(RetryStateTest, PeriodicWaitsTheSameEachTime) {
  RetryOptions o = exact(5);
  o.type = RetryType::kPeriodic;
  RetryState r(o, false, 0);
  EXPECT_EQ(schedule(r, 4), (std::vector<double>{10, 15, 20, 25}));
}

TEST(RetryStateTest, TimeoutSchedulesTheLastAttemptExactlyAtTheTimeout) {
  RetryOptions o = exact(1, 2);
  o.timeout = 10;
  RetryState r(o, false, 0);
  EXPECT_EQ(schedule(r, 3), (std::vector<double>{2, 4, 8}));
  EXPECT_FALSE(r.limit_reached());
  r.step(8);  // 8 + 8 = 16 would pass the timeout: the attempt is at 10
  EXPECT_DOUBLE_EQ(r.next_time(), 10);
  EXPECT_TRUE(r.limit_reached());
}

TEST(RetryStateTest, MaxTimesCountsSteps) {
  RetryOptions o = exact(1, 2);
  o.max_times = 3;
  RetryState r(o, false, 0);
  r.step(1);
  r.step(2);
  EXPECT_FALSE(r.limit_reached());
  r.step(4);
  EXPECT_TRUE(r.limit_reached());
  EXPECT_EQ(r.steps(), 3u);
}

TEST(RetryStateTest, MaxTimesZeroIsReachedAtOnce) {
  RetryOptions o = exact();
  o.max_times = 0;
  RetryState r(o, false, 0);
  EXPECT_TRUE(r.limit_reached());
}

TEST(RetryStateTest, ForeverIgnoresTimeoutAndMaxTimes) {
  RetryOptions o = exact(1, 2);
  o.timeout = 5;
  o.max_times = 1;
  o.forever = true;
  RetryState r(o, true, 0);
  EXPECT_EQ(schedule(r, 4), (std::vector<double>{2, 4, 8, 16}));
  EXPECT_FALSE(r.limit_reached());
  EXPECT_FALSE(r.use_secondary(1000));
}

TEST(RetryStateTest, HugeStepCountsStayFinite) {
  RetryOptions o = exact(1, 2);
  o.forever = true;
  RetryState r(o, false, 0);
  for (int i = 0; i < 1100; ++i) r.step(0);
  EXPECT_TRUE(std::isfinite(r.next_time()));
  EXPECT_GT(r.next_time(), 1e300);
}

TEST(RetryStateTest, SecondaryTakesOverAtThresholdOfTheTimeout) {
  RetryOptions o = exact(1, 2);
  o.timeout = 100;
  RetryState r(o, true, 0);
  EXPECT_DOUBLE_EQ(r.secondary_transition_at(), 80);
  EXPECT_FALSE(r.use_secondary(79.9));
  EXPECT_TRUE(r.use_secondary(80));
  // Primary times are capped at the transition point: 2 4 8 16 32 64, then 80.
  EXPECT_EQ(schedule(r, 7), (std::vector<double>{2, 4, 8, 16, 32, 64, 80}));
  EXPECT_FALSE(r.on_secondary());
  // The step at 80 switches; the secondary's intervals restart from wait.
  r.step(80);
  EXPECT_TRUE(r.on_secondary());
  EXPECT_DOUBLE_EQ(r.next_time(), 81);
  r.step(81);
  EXPECT_DOUBLE_EQ(r.next_time(), 83);
  EXPECT_FALSE(r.limit_reached());
  // ... and end at the timeout.
  r.step(99);
  EXPECT_DOUBLE_EQ(r.next_time(), 100);
  EXPECT_TRUE(r.limit_reached());
}

TEST(RetryStateTest, SecondaryThresholdUsesTheDurationOfMaxTimesWhenShorter) {
  RetryOptions o = exact(1, 2);
  o.max_times = 4;  // 1 + 2 + 4 + 8 = 15 s of retries
  RetryState r(o, true, 10);
  EXPECT_DOUBLE_EQ(r.secondary_transition_at(), 10 + 15 * 0.8);

  RetryOptions p = exact(3);
  p.type = RetryType::kPeriodic;
  p.max_times = 5;
  p.secondary_threshold = 0.5;
  RetryState q(p, true, 0);
  EXPECT_DOUBLE_EQ(q.secondary_transition_at(), 7.5);
}

TEST(RetryStateTest, WithoutSecondaryNeverUsesOne) {
  RetryState r(exact(), false, 0);
  EXPECT_FALSE(r.use_secondary(1e9));
}

}  // namespace
}  // namespace ferry::buffer
