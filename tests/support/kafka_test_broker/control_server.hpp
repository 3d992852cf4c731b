#pragma once
#include <memory>
#include <string>

#include "mock_cluster.hpp"

namespace ferry::kafka_test {

// The control channel: a TCP listener on 127.0.0.1 (ephemeral port) taking
// any number of clients, each sending command lines and reading one reply
// line per command, in order. Single-threaded: a command runs to completion
// (the mock applies it synchronously) before the next is read.
class ControlServer {
 public:
  // nullptr and `error` set when the socket cannot be set up.
  static std::unique_ptr<ControlServer> listen(std::string& error);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  int port() const { return port_; }

  // Serves clients until `signal_fd` (a signalfd) is readable or, when
  // `stdin_fd` >= 0, that descriptor reaches EOF. Returns why it stopped.
  std::string serve(MockCluster& cluster, int signal_fd, int stdin_fd);

 private:
  ControlServer(int fd, int port) : listen_fd_(fd), port_(port) {}

  int listen_fd_;
  int port_;
};

}  // namespace ferry::kafka_test
