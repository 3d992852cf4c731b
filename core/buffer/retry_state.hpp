#pragma once
#include <cstdint>
#include <functional>
#include <optional>

#include "buffer/buffer_options.hpp"

namespace ferry::buffer {

// Fluentd's plugin_helper/retry_state.rb (ExponentialBackOffRetry and
// PeriodicRetry), one per output, created at the first failed flush. Times
// are seconds on any clock the caller chooses (double); pure logic: the
// caller owns the timers, so tests drive it with a fake clock and a fixed
// random source.
//
// - Created at `start`: steps() == 0, next_time() == start + wait (no jitter).
// - step(now) (a later failure once next_time has passed): steps + 1, then
//   next_time = now + interval, where the interval is wait (periodic) or
//   wait * base^(steps-1) capped by max_interval (exponential), +-12.5 %
//   when randomized; never past start + timeout (the last attempt lands
//   exactly at the timeout), unless forever.
// - With a secondary: the primary's next times stop at the transition
//   point start + min(timeout, time implied by max_times) * threshold; the
//   first step at or after it switches to the secondary, whose intervals
//   restart from wait.
// - limit_reached(): not forever, and next_time >= start + timeout or
//   steps >= max_times.
class RetryState {
 public:
  // `random01` returns a uniform value in [0, 1); default std::mt19937.
  RetryState(const RetryOptions& options, bool has_secondary, double start,
             std::function<double()> random01 = {});

  // A failure once next_time() has come: one more step.
  void step(double now);
  // A failure before next_time() (another flush slot failed meanwhile):
  // the next time is computed again from `now` without a step, so the slots
  // do not all retry at once (Fluentd's recalc_next_time).
  void recalc_next_time(double now);

  double start() const { return start_; }
  double next_time() const { return next_time_; }
  uint64_t steps() const { return steps_; }
  bool limit_reached() const;
  // Flushes go to the secondary from now on.
  bool use_secondary(double now) const;
  bool on_secondary() const { return on_secondary_; }
  double timeout_at() const { return timeout_at_; }
  // Only meaningful with a secondary.
  double secondary_transition_at() const { return secondary_transition_at_; }

 private:
  double calc_next_time(double now) const;
  double naive_next_time(double now, uint64_t retry_times) const;
  // Exponential: wait * base^(num-1), capped by max_interval; an overflow
  // to infinity falls back to the last finite value (as Fluentd).
  double calc_interval(uint64_t num) const;
  double max_retry_timeout(uint64_t max_steps) const;
  double randomize(double interval) const;

  RetryOptions options_;
  bool has_secondary_;
  double start_;
  std::function<double()> random01_;
  uint64_t steps_ = 0;
  double next_time_ = 0;
  double timeout_at_ = 0;
  double secondary_transition_at_ = 0;
  bool on_secondary_ = false;
  uint64_t secondary_transition_steps_ = 0;
};

}  // namespace ferry::buffer
