#include "runtime/signals.hpp"

#include <csignal>

namespace ferry::runtime {

SignalWatcher::SignalWatcher(boost::asio::io_context& control, Handler handler)
    : signals_(control, SIGTERM, SIGINT, SIGHUP), handler_(std::move(handler)) {
  signals_.add(SIGUSR1);
  wait();
}

SignalWatcher::~SignalWatcher() {
  cancel();
}

void SignalWatcher::cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  signals_.clear(ignored);
}

void SignalWatcher::wait() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec || cancelled_) return;
    SignalAction action = SignalAction::Stop;
    if (signo == SIGHUP) action = SignalAction::Reload;
    if (signo == SIGUSR1) action = SignalAction::Flush;
    // Re-arm first: a second SIGTERM during a slow reload must not be lost.
    wait();
    handler_(action, signo);
  });
}

void ignore_sigpipe() {
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace ferry::runtime
