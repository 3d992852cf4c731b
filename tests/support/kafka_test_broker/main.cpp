// kafka-test-broker: librdkafka's mock Kafka cluster as a process tests
// start and stop (docs/testing-kafka.md). A test tool, not a broker.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli_options.hpp"
#include "control_server.hpp"
#include "mock_cluster.hpp"

namespace {

using namespace ferry::kafka_test;

// Written under a temporary name and renamed, so a test polling for the
// file never reads it half-written. The content is the value alone, no
// trailing newline.
bool write_file_atomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

// A pipe or socket on stdin is a parent's lifeline: EOF means it is gone.
// A terminal or /dev/null (a shell's `&`) is not watched.
bool stdin_is_lifeline() {
  struct stat st {};
  return ::fstat(0, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

int fail(const std::string& message) {
  std::cerr << "kafka-test-broker: " << message << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const pid_t parent = ::getppid();
  std::string error;
  auto opts = parse_cli(argc, argv, error);
  if (!opts) {
    std::cerr << "kafka-test-broker: " << error << "\n" << kUsage;
    return 2;
  }
  if (opts->help) {
    std::cout << kUsage;
    return 0;
  }

  // Blocked before librdkafka starts its threads, so they inherit the mask
  // and every stop signal lands on the signalfd the control loop polls.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&stop_signals, s);
  sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  int signal_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);
  if (signal_fd < 0) return fail(std::string("signalfd: ") + std::strerror(errno));
  // A test killed outright (ctest timeout, SIGKILL) must not leave the
  // cluster behind: the kernel sends SIGTERM when the parent goes.
  // (It follows the thread that forked us: spawn from a long-lived thread.)
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) return fail("parent exited before startup");

  // A file left by an earlier run must not pass for this run's.
  std::remove(opts->bootstrap_file.c_str());
  std::remove(opts->control_port_file.c_str());

  auto cluster = MockCluster::create(opts->brokers, opts->debug, error);
  if (!cluster) return fail(error);
  if (opts->rtt_ms > 0) {
    if (auto err = rd_kafka_mock_broker_set_rtt(cluster->get(), -1, opts->rtt_ms)) {
      return fail(std::string("--rtt-ms: ") + rd_kafka_err2str(err));
    }
  }
  for (auto& topic : opts->topics) {
    if (auto err = cluster->create_topic(topic.name, topic.partitions, topic.replication_factor)) {
      return fail("topic '" + topic.name + "': " + rd_kafka_err2str(err));
    }
  }
  auto server = ControlServer::listen(error);
  if (!server) return fail(error);

  // The port file first: once the bootstrap file exists, both are there.
  if (!write_file_atomically(opts->control_port_file, std::to_string(server->port()))) {
    return fail("cannot write " + opts->control_port_file);
  }
  if (!write_file_atomically(opts->bootstrap_file, cluster->bootstraps())) {
    std::remove(opts->control_port_file.c_str());
    return fail("cannot write " + opts->bootstrap_file);
  }
  std::cerr << "kafka-test-broker: ready, " << opts->brokers << " broker(s) at "
            << cluster->bootstraps() << ", control port " << server->port() << std::endl;

  std::string reason = server->serve(*cluster, signal_fd, stdin_is_lifeline() ? 0 : -1);

  // Gone files tell pollers the cluster is gone too.
  std::remove(opts->bootstrap_file.c_str());
  std::remove(opts->control_port_file.c_str());
  std::cerr << "kafka-test-broker: stopping (" << reason << ")" << std::endl;
  server.reset();
  cluster.reset();
  return 0;
}
