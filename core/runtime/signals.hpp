#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>

namespace ferry::runtime {

// What a process signal asks the engine to do (fluentd.md §14.2).
enum class SignalAction {
  Stop,    // SIGTERM, SIGINT: graceful shutdown
  Reload,  // SIGHUP: rebuild the pipeline from the current config
  Flush,   // SIGUSR1: flush outputs, reopen the log file
};

// Delivers SIGTERM/SIGINT/SIGHUP/SIGUSR1 as SignalActions on the control
// io_context (the main thread), never in async-signal context, so handlers
// may lock, log and rebuild pipelines freely. Keeps listening until
// cancel(); signals arriving while a handler runs are queued by Asio.
class SignalWatcher {
 public:
  using Handler = std::function<void(SignalAction action, int signo)>;
  SignalWatcher(boost::asio::io_context& control, Handler handler);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  void cancel();

 private:
  void wait();

  boost::asio::signal_set signals_;
  Handler handler_;
  bool cancelled_ = false;
};

// SIGPIPE would kill the process on a write to a closed socket or pipe;
// outputs want EPIPE instead. Call once at start-up.
void ignore_sigpipe();

}  // namespace ferry::runtime
