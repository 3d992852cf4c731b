#include "kafka_test_broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "ferry_paths.hpp"

namespace ferry::test {

std::string kafka_test_broker_binary() {
  return build_dir() + "/bin/kafka-test-broker";
}
std::string kafka_client_binary() {
  return build_dir() + "/bin/kafka-client";
}

RunResult run_kafka_client(std::vector<std::string> args, const std::string& stdin_text,
                           std::chrono::milliseconds timeout) {
  Subprocess::Options o;
  o.argv.push_back(kafka_client_binary());
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.stdin_text = stdin_text;
  return run(std::move(o), timeout);
}

KafkaTestBroker::KafkaTestBroker(Options opts) {
  Subprocess::Options o;
  o.argv = {kafka_test_broker_binary(),   "--brokers",
            std::to_string(opts.brokers), "--bootstrap-file",
            dir_.file("bootstrap"),       "--control-port-file",
            dir_.file("control-port")};
  for (auto& t : opts.topics) {
    o.argv.push_back("--topic");
    o.argv.push_back(t);
  }
  if (opts.rtt_ms > 0) {
    o.argv.push_back("--rtt-ms");
    o.argv.push_back(std::to_string(opts.rtt_ms));
  }
  o.argv.insert(o.argv.end(), opts.extra_args.begin(), opts.extra_args.end());
  o.keep_stdin_open = true;
  process_ = std::make_unique<Subprocess>(std::move(o));

  // The tool writes the port file, then renames the bootstrap file into
  // place: its existence means both are complete.
  const std::string bootstrap_file = dir_.file("bootstrap");
  bool ready = wait_until(
      [&] {
        struct stat st {};
        return ::stat(bootstrap_file.c_str(), &st) == 0 || !process_->running();
      },
      std::chrono::seconds(10));
  if (!ready || !process_->running()) {
    std::string output = process_->output();
    stop(std::chrono::seconds(2));
    throw std::runtime_error("kafka-test-broker did not get ready: " + output);
  }
  bootstrap_ = read_file(bootstrap_file);
  control_port_ = std::stoi(read_file(dir_.file("control-port")));
}

KafkaTestBroker::~KafkaTestBroker() {
  stop();
}

std::string KafkaTestBroker::control(const std::string& command) {
  if (control_fd_ < 0) {
    control_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(control_port_));
    // A reply never takes long: the mock applies commands synchronously.
    timeval tv{10, 0};
    ::setsockopt(control_fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (control_fd_ < 0 ||
        ::connect(control_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (control_fd_ >= 0) ::close(control_fd_);
      control_fd_ = -1;
      throw std::runtime_error("cannot connect to the kafka-test-broker control port");
    }
  }
  std::string line = command + "\n";
  if (::send(control_fd_, line.data(), line.size(), MSG_NOSIGNAL) != ssize_t(line.size())) {
    throw std::runtime_error("kafka-test-broker control channel: send failed");
  }
  size_t newline;
  while ((newline = pending_.find('\n')) == std::string::npos) {
    char buf[512];
    ssize_t n = ::recv(control_fd_, buf, sizeof buf, 0);
    if (n <= 0) throw std::runtime_error("kafka-test-broker control channel: no reply");
    pending_.append(buf, size_t(n));
  }
  std::string reply = pending_.substr(0, newline);
  pending_.erase(0, newline + 1);
  return reply;
}

std::optional<int> KafkaTestBroker::stop(std::chrono::milliseconds timeout) {
  if (control_fd_ >= 0) ::close(control_fd_);
  control_fd_ = -1;
  if (!process_) return std::nullopt;
  process_->close_stdin();
  return process_->wait(timeout);  // the Subprocess kills it if still running
}

}  // namespace ferry::test
