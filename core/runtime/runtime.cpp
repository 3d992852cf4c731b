#include "runtime/runtime.hpp"

namespace ferry::runtime {

Runtime::Runtime(unsigned threads) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i) {
    loops_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.push_back(
        std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
            loops_.back()->get_executor()));
  }
}

Runtime::~Runtime() {
  stop();
  join();
}

size_t Runtime::next_loop() {
  return next_++ % loops_.size();
}

void Runtime::start() {
  for (auto& l : loops_) {
    auto* ctx = l.get();
    threads_.emplace_back([ctx] { ctx->run(); });
  }
}

void Runtime::stop() {
  guards_.clear();
  for (auto& l : loops_) l->stop();
}

void Runtime::join() {
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

}  // namespace ferry::runtime
