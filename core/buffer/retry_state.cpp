#include "buffer/retry_state.hpp"

#include <cmath>
#include <memory>
#include <random>

namespace ferry::buffer {
namespace {

constexpr double kRandomizeWidth = 0.125;  // Fluentd's randomize_width

std::function<double()> default_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace

RetryState::RetryState(const RetryOptions& options, bool has_secondary, double start,
                       std::function<double()> random01)
    : options_(options),
      has_secondary_(has_secondary),
      start_(start),
      random01_(random01 ? std::move(random01) : default_random()) {
  timeout_at_ = start_ + options_.timeout;
  if (has_secondary_) {
    double max_timeout = options_.timeout;
    if (options_.max_times) {
      double by_steps = max_retry_timeout(*options_.max_times);
      if (by_steps < max_timeout) max_timeout = by_steps;
    }
    secondary_transition_at_ = start_ + max_timeout * options_.secondary_threshold;
  }
  // The first retry waits exactly `wait`: Fluentd sets it without jitter.
  next_time_ = start_ + options_.wait;
}

double RetryState::randomize(double interval) const {
  if (!options_.randomize) return interval;
  return interval + interval * kRandomizeWidth * (2 * random01_() - 1.0);
}

double RetryState::calc_interval(uint64_t num) const {
  auto raw = [this](double exponent) {
    return options_.wait * std::pow(options_.exponential_backoff_base, exponent);
  };
  double exponent = num == 0 ? -1.0 : double(num - 1);
  double interval = raw(exponent);
  if (options_.max_interval && interval > *options_.max_interval) return *options_.max_interval;
  while (!std::isfinite(interval) && exponent > 0) interval = raw(--exponent);
  return interval;
}

double RetryState::max_retry_timeout(uint64_t max_steps) const {
  if (options_.type == RetryType::kPeriodic) return options_.wait * double(max_steps);
  double total = 0;
  for (uint64_t i = 0; i < max_steps; ++i) {
    total += calc_interval(i + 1);
    if (!std::isfinite(total)) break;
  }
  return total;
}

double RetryState::naive_next_time(double now, uint64_t retry_times) const {
  if (options_.type == RetryType::kPeriodic) return now + randomize(options_.wait);
  return now + randomize(calc_interval(retry_times));
}

double RetryState::calc_next_time(double now) const {
  if (options_.forever || !has_secondary_) {
    double naive = naive_next_time(now, steps_);
    if (options_.forever) return naive;
    return naive >= timeout_at_ ? timeout_at_ : naive;
  }
  if (!on_secondary_) {
    double naive = naive_next_time(now, steps_);
    return naive >= secondary_transition_at_ ? secondary_transition_at_ : naive;
  }
  // The secondary's own sequence restarts at the first interval.
  double naive = naive_next_time(now, steps_ - secondary_transition_steps_ + 1);
  return naive >= timeout_at_ ? timeout_at_ : naive;
}

void RetryState::step(double now) {
  ++steps_;
  if (!options_.forever && has_secondary_ && !on_secondary_ && now >= secondary_transition_at_) {
    on_secondary_ = true;
    secondary_transition_steps_ = steps_;
  }
  next_time_ = calc_next_time(now);
}

void RetryState::recalc_next_time(double now) {
  next_time_ = calc_next_time(now);
}

bool RetryState::limit_reached() const {
  if (options_.forever) return false;
  return next_time_ >= timeout_at_ || (options_.max_times && steps_ >= *options_.max_times);
}

bool RetryState::use_secondary(double now) const {
  return !options_.forever && has_secondary_ && (on_secondary_ || now >= secondary_transition_at_);
}

}  // namespace ferry::buffer
