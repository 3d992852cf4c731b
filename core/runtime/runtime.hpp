#pragma once
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace ferry::runtime {

// A small fixed pool of worker threads, each running its own io_context
// (Envoy's shape): a plugin instance is pinned to one loop for life, so its
// timers and fd callbacks never race each other. No thread per connection.
class Runtime {
 public:
  explicit Runtime(unsigned threads);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  size_t size() const { return loops_.size(); }
  boost::asio::io_context& loop(size_t index) { return *loops_[index]; }
  // Round-robin choice for a new instance.
  size_t next_loop();

  void start();  // spawn the threads
  void stop();   // stop the loops (pending handlers are dropped)
  void join();

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> loops_;
  std::vector<
      std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>>
      guards_;
  std::vector<std::thread> threads_;
  size_t next_ = 0;
};

}  // namespace ferry::runtime
