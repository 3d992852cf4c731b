#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::test {

// The built test tools (tests/support/kafka_test_broker, kafka_client).
std::string kafka_test_broker_binary();
std::string kafka_client_binary();

// Runs `kafka-client <args...>` to completion, `stdin_text` on its stdin.
RunResult run_kafka_client(std::vector<std::string> args, const std::string& stdin_text = "",
                           std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A running kafka-test-broker (docs/testing-kafka.md) owned by a test: it is
// started with its stdin held open by this object, so it stops when the
// object goes away — or when the test process dies, however it dies.
class KafkaTestBroker {
 public:
  struct Options {
    int brokers = 3;
    std::vector<std::string> topics = {};  // "name:partitions[:replication]"
    int rtt_ms = 0;
    std::vector<std::string> extra_args = {};
  };

  // Throws std::runtime_error (with the tool's output) when it is not ready
  // within 10 s.
  explicit KafkaTestBroker(Options opts);
  ~KafkaTestBroker();  // stop()
  KafkaTestBroker(const KafkaTestBroker&) = delete;
  KafkaTestBroker& operator=(const KafkaTestBroker&) = delete;

  // "127.0.0.1:p1,127.0.0.1:p2,..."
  const std::string& bootstrap() const { return bootstrap_; }
  int control_port() const { return control_port_; }

  // Sends one command line and returns the reply line ("ok" or
  // "error <why>"); throws when the channel fails.
  std::string control(const std::string& command);

  // Closes the tool's stdin and waits for it to exit; its exit code, or
  // nullopt when it had to be killed.
  std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  Subprocess& process() { return *process_; }
  std::string dir() const { return dir_.path(); }

 private:
  TempDir dir_{"ferry-kafka-"};
  std::unique_ptr<Subprocess> process_;
  std::string bootstrap_;
  int control_port_ = 0;
  int control_fd_ = -1;
  std::string pending_;  // reply bytes after the last newline
};

}  // namespace ferry::test
