// The Kafka test broker (tests/support/kafka_test_broker) and the
// kafka-client tests use against it: a real librdkafka client produces and
// consumes through the mock cluster while faults are injected over the
// control channel.
#include "kafka_test_broker.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ferry_paths.hpp"
#include "kafka_client_output.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + 1) {
    parts.push_back(text.substr(start, at - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool tcp_connects(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(uint16_t(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::vector<int> bootstrap_ports(const std::string& bootstrap) {
  std::vector<int> ports;
  for (auto& hp : split(bootstrap, ',')) ports.push_back(std::stoi(hp.substr(hp.rfind(':') + 1)));
  return ports;
}

// A process is gone once it is neither in /proc nor a zombie there.
bool process_gone(pid_t pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return true;
  auto close_paren = stat.rfind(')');
  return close_paren != std::string::npos && stat.size() > close_paren + 2 &&
         stat[close_paren + 2] == 'Z';
}

std::vector<KafkaRecord> consume(const KafkaTestBroker& broker, const std::string& topic,
                                 int count) {
  auto r = run_kafka_client({"consume", "--bootstrap", broker.bootstrap(), "--topic", topic,
                             "--count", std::to_string(count), "--timeout-ms", "10000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return parse_kafka_records(r.out);
}

RunResult produce(const KafkaTestBroker& broker, std::vector<std::string> extra) {
  std::vector<std::string> args = {"produce", "--bootstrap", broker.bootstrap()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_kafka_client(args);
}

TEST(KafkaTestBroker, StartsBrokersOnLoopbackWithTopicsCreatedUpFront) {
  KafkaTestBroker broker({.brokers = 3, .topics = {"orders:3", "audit:2:1"}});
  ASSERT_TRUE(
      std::regex_match(broker.bootstrap(), std::regex(R"(127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2})")))
      << broker.bootstrap();
  auto ports = bootstrap_ports(broker.bootstrap());
  EXPECT_EQ(std::set<int>(ports.begin(), ports.end()).size(), 3u);
  for (int port : ports) EXPECT_TRUE(tcp_connects(port)) << port;

  auto r = run_kafka_client({"metadata", "--bootstrap", broker.bootstrap()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Broker ids 1..N in bootstrap order; partition p led by broker p % N + 1.
  for (int id = 1; id <= 3; ++id) {
    EXPECT_NE(r.out.find("{\"id\":" + std::to_string(id) + ",\"host\":\"127.0.0.1\",\"port\":" +
                         std::to_string(ports[size_t(id - 1)]) + "}"),
              std::string::npos)
        << r.out;
  }
  EXPECT_NE(r.out.find("{\"name\":\"orders\",\"error\":null,\"partitions\":["
                       "{\"id\":0,\"leader\":1,\"replicas\":[1,2,3],\"isrs\":[1,2,3]},"
                       "{\"id\":1,\"leader\":2,\"replicas\":[1,2,3],\"isrs\":[1,2,3]},"
                       "{\"id\":2,\"leader\":3,\"replicas\":[1,2,3],\"isrs\":[1,2,3]}]}"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("{\"name\":\"audit\",\"error\":null,\"partitions\":[{\"id\":0,\"leader\":1"),
            std::string::npos)
      << r.out;
}

TEST(KafkaTestBroker, ProducedMessagesConsumeBackExactly) {
  KafkaTestBroker broker({.brokers = 3, .topics = {"events:3"}});
  auto p = produce(broker, {"--topic", "events", "--count", "60", "--header", "trace=abc",
                            "--header", "empty=", "--timestamp-ms", "1700000000123"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  auto reports = parse_kafka_deliveries(p.out);
  ASSERT_EQ(reports.size(), 60u);
  std::map<std::string, std::pair<int32_t, int64_t>> placed;  // key -> partition, offset
  for (auto& d : reports) {
    EXPECT_FALSE(d.error) << *d.error;
    placed[*d.key] = {d.partition, d.offset};
  }

  auto records = consume(broker, "events", 60);
  ASSERT_EQ(records.size(), 60u);  // exactly: the client reads on to the end of each partition
  std::map<int32_t, std::vector<int64_t>> offsets;
  std::set<std::string> keys;
  for (auto& r : records) {
    ASSERT_TRUE(r.key && r.value);
    std::string n = r.key->substr(4);  // "key-N"
    EXPECT_EQ(*r.key, "key-" + n);
    EXPECT_EQ(*r.value, "value-" + n);
    EXPECT_EQ(r.topic, "events");
    EXPECT_EQ((std::pair<int32_t, int64_t>{r.partition, r.offset}), placed[*r.key]);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].first, "trace");
    EXPECT_EQ(r.headers[0].second, "abc");
    EXPECT_EQ(r.headers[1].first, "empty");
    EXPECT_EQ(r.headers[1].second, "");
    EXPECT_EQ(r.timestamp, 1700000000123);
    EXPECT_EQ(r.timestamp_type, "create");
    keys.insert(*r.key);
    offsets[r.partition].push_back(r.offset);
  }
  EXPECT_EQ(keys.size(), 60u);
  EXPECT_EQ(offsets.size(), 3u);  // keyed messages spread over every partition
  for (auto& [partition, list] : offsets) {
    for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i], int64_t(i)) << partition;
  }
}

TEST(KafkaTestBroker, BytesThatAreNotUtf8ComeBackAsBase64) {
  KafkaTestBroker broker({.brokers = 1, .topics = {"raw:1"}});
  std::string value = std::string("\x82\xa1", 2) + "a" + std::string("\x01\xff", 2);
  auto p = run_kafka_client({"produce", "--bootstrap", broker.bootstrap(), "--topic", "raw",
                             "--stdin", "--key-separator", "|"},
                            "k|" + value + "\nno-key-line\n");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  auto records = consume(broker, "raw", 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].key, "k");
  EXPECT_EQ(records[0].value, value);
  EXPECT_FALSE(records[1].key);
  EXPECT_EQ(records[1].value, "no-key-line");
}

TEST(KafkaTestBroker, ProducerWaitsOutADownLeaderAndDeliversOnceItIsUp) {
  KafkaTestBroker broker({.brokers = 3, .topics = {"t:3"}});
  ASSERT_EQ(broker.control("broker-down 1"), "ok");  // leader of partition 0
  for (int port : {bootstrap_ports(broker.bootstrap())[0]}) EXPECT_FALSE(tcp_connects(port));

  Subprocess::Options o;
  o.argv = {kafka_client_binary(),
            "produce",
            "--bootstrap",
            broker.bootstrap(),
            "--topic",
            "t",
            "--partition",
            "0",
            "--count",
            "5",
            "-X",
            "acks=all",
            "-X",
            "reconnect.backoff.max.ms=200",
            "--timeout-ms",
            "15000"};
  Subprocess producer(o);
  // Nothing can be delivered while the leader is down: the producer keeps
  // the messages and retries.
  EXPECT_FALSE(wait_until([&] { return !producer.running(); }, milliseconds(1500)))
      << producer.output();
  EXPECT_EQ(producer.stdout_text(), "");

  ASSERT_EQ(broker.control("broker-up 1"), "ok");
  auto code = producer.wait(seconds(15));
  ASSERT_TRUE(code) << "producer still running after broker-up";
  EXPECT_EQ(*code, 0) << producer.output();
  auto reports = parse_kafka_deliveries(producer.stdout_text());
  ASSERT_EQ(reports.size(), 5u);
  for (auto& d : reports) EXPECT_FALSE(d.error);

  auto records = consume(broker, "t", 5);
  ASSERT_EQ(records.size(), 5u);
  for (auto& r : records) EXPECT_EQ(r.partition, 0);
}

// NOT_ENOUGH_REPLICAS counts against librdkafka's `retries`: three pushed
// errors fail a producer allowed two retries and not one allowed three.
TEST(KafkaTestBroker, PushedProduceErrorsAreSeenByTheProducer) {
  KafkaTestBroker broker({.brokers = 3, .topics = {"t:1"}});
  ASSERT_EQ(broker.control("push-errors Produce NOT_ENOUGH_REPLICAS 3"), "ok");
  auto failed = produce(
      broker, {"--topic", "t", "--count", "1", "-X", "retries=2", "-X", "retry.backoff.ms=10"});
  EXPECT_EQ(failed.exit_code, 1);
  auto reports = parse_kafka_deliveries(failed.out);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error);
  EXPECT_NE(reports[0].error->find("NOT_ENOUGH_REPLICAS"), std::string::npos) << *reports[0].error;

  ASSERT_EQ(broker.control("push-errors Produce NOT_ENOUGH_REPLICAS 3"), "ok");
  auto delivered = produce(
      broker, {"--topic", "t", "--count", "1", "-X", "retries=3", "-X", "retry.backoff.ms=10"});
  EXPECT_EQ(delivered.exit_code, 0) << delivered.err;
  EXPECT_EQ(consume(broker, "t", 1).size(), 1u);
}

// NOT_LEADER_FOR_PARTITION makes librdkafka refresh metadata and retry
// without counting the retry: the three pushed errors are gone through and
// the error queued after them is what a no-retry producer finally sees.
TEST(KafkaTestBroker, ProducerRetriesPushedNotLeaderErrorsAndSucceeds) {
  KafkaTestBroker broker({.brokers = 3, .topics = {"t:3"}});
  ASSERT_EQ(broker.control("push-errors Produce NOT_LEADER_FOR_PARTITION 3"), "ok");
  ASSERT_EQ(broker.control("push-errors Produce NOT_ENOUGH_REPLICAS 1"), "ok");
  auto p = produce(broker, {"--topic", "t", "--count", "1", "-X", "retries=0"});
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_NE(p.out.find("NOT_ENOUGH_REPLICAS"), std::string::npos) << p.out;

  ASSERT_EQ(broker.control("push-errors Produce NOT_LEADER_FOR_PARTITION 3"), "ok");
  p = produce(broker, {"--topic", "t", "--count", "20"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(parse_kafka_deliveries(p.out).size(), 20u);
  // Retried, not duplicated: not-leader responses persist nothing.
  EXPECT_EQ(consume(broker, "t", 20).size(), 20u);
}

TEST(KafkaTestBroker, ClearErrorsDropsPushedErrors) {
  KafkaTestBroker broker({.brokers = 1, .topics = {"t:1"}});
  // By number too: ApiKey 0 is Produce, error 19 NOT_ENOUGH_REPLICAS.
  ASSERT_EQ(broker.control("push-errors 0 19 5"), "ok");
  ASSERT_EQ(broker.control("clear-errors Produce"), "ok");
  auto p = produce(broker, {"--topic", "t", "--count", "1", "-X", "retries=0"});
  EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
}

TEST(KafkaTestBroker, RttDelaysEveryResponse) {
  KafkaTestBroker broker({.brokers = 1, .topics = {"t:1"}});
  auto timed_produce = [&] {
    auto start = steady_clock::now();
    auto p = produce(broker, {"--topic", "t", "--count", "1"});
    EXPECT_EQ(p.exit_code, 0) << p.err;
    return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
  };
  ASSERT_EQ(broker.control("rtt all 400"), "ok");
  // At least ApiVersion, Metadata and Produce each wait 400 ms.
  EXPECT_GE(timed_produce(), milliseconds(1200));
  ASSERT_EQ(broker.control("rtt 1 0"), "ok");
  EXPECT_LT(timed_produce(), milliseconds(1200));
}

TEST(KafkaTestBroker, RttFromTheCommandLine) {
  KafkaTestBroker broker({.brokers = 1, .topics = {"t:1"}, .rtt_ms = 400});
  auto start = steady_clock::now();
  auto p = produce(broker, {"--topic", "t", "--count", "1"});
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_GE(steady_clock::now() - start, milliseconds(1200));
}

TEST(KafkaTestBroker, CreateTopicAndLeaderCommands) {
  KafkaTestBroker broker({.brokers = 3});
  EXPECT_EQ(broker.control("create-topic fresh 5 2"), "ok");
  EXPECT_EQ(broker.control("create-topic fresh 1 1").rfind("error TOPIC_ALREADY_EXISTS", 0), 0u);
  EXPECT_EQ(broker.control("leader fresh 0 3"), "ok");
  EXPECT_EQ(broker.control("leader fresh 5 1").rfind("error UNKNOWN_TOPIC_OR_PART", 0), 0u);

  auto r = run_kafka_client({"metadata", "--bootstrap", broker.bootstrap(), "--topic", "fresh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"id\":0,\"leader\":3,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{\"id\":1,\"leader\":2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{\"id\":4,\"leader\":2,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("{\"id\":5,"), std::string::npos) << r.out;

  auto p = produce(broker, {"--topic", "fresh", "--partition", "4", "--count", "2"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  auto records = consume(broker, "fresh", 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].partition, 4);
}

// Tests relying on auto-creation get the mock's default, not Kafka's 1.
TEST(KafkaTestBroker, AutoCreatesUnknownTopicsWithFourPartitions) {
  KafkaTestBroker broker({.brokers = 2});
  ASSERT_EQ(produce(broker, {"--topic", "fresh", "--count", "1"}).exit_code, 0);
  auto r = run_kafka_client({"metadata", "--bootstrap", broker.bootstrap(), "--topic", "fresh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"id\":3,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("{\"id\":4,"), std::string::npos) << r.out;
}

TEST(KafkaTestBroker, ControlChannelAnswersErrorsAndKeepsServing) {
  KafkaTestBroker broker({.brokers = 2, .topics = {"t:1"}});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bogus", "error unknown command 'bogus'"},
      {"broker-down", "error usage: broker-down ID|all"},
      {"broker-down 3", "error broker '3' is not a broker id (1..2)"},
      {"broker-up x", "error broker 'x' is not a broker id (1..2)"},
      {"push-errors Nope NOT_LEADER_FOR_PARTITION 1", "error unknown API 'Nope'"},
      {"push-errors Produce NOT_A_THING 1", "error unknown error 'NOT_A_THING'"},
      {"push-errors Produce NOT_LEADER_FOR_PARTITION 0", "error COUNT must be"},
      {"rtt 1 -5", "error MS must be"},
      {"create-topic bad:name 1 1", "error topic name 'bad:name' is not a legal Kafka topic name"},
      {"create-topic ok 0 1", "error topic 'ok': partitions must be"},
      {"create-topic ok 1 3", "error topic 'ok': replication must be 1..2"},
      {"leader t x 1", "error PARTITION must be"},
  };
  for (auto& [command, expected] : cases) {
    std::string reply = broker.control(command);
    EXPECT_EQ(reply.rfind(expected, 0), 0u) << command << " -> " << reply;
  }
  // Case-insensitive names, the RD_KAFKA_RESP_ERR_ prefix, "all".
  EXPECT_EQ(broker.control("push-errors produce RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION 1"),
            "ok");
  EXPECT_EQ(broker.control("clear-errors PRODUCE"), "ok");
  EXPECT_EQ(broker.control("broker-down all"), "ok");
  EXPECT_EQ(broker.control("broker-up all"), "ok");
  EXPECT_EQ(broker.control("leader t 0 none"), "ok");
  EXPECT_EQ(broker.control("ping"), "ok");

  // A second client on its own connection, several commands in one write,
  // blank lines and comments skipped.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(uint16_t(broker.control_port()));
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string script = "ping\r\n\n# a comment\nbroker-down 9\nping\n";
  ASSERT_EQ(::send(fd, script.data(), script.size(), 0), ssize_t(script.size()));
  std::string replies;
  ASSERT_TRUE(wait_until([&] {
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) replies.append(buf, size_t(n));
    return std::count(replies.begin(), replies.end(), '\n') >= 3;
  }));
  ::close(fd);
  EXPECT_EQ(replies, "ok\nerror broker '9' is not a broker id (1..2)\nok\n");
}

TEST(KafkaTestBroker, StopsOnStdinEofAndRemovesItsFiles) {
  auto broker = std::make_unique<KafkaTestBroker>(KafkaTestBroker::Options{.brokers = 2});
  pid_t pid = broker->process().pid();
  auto ports = bootstrap_ports(broker->bootstrap());
  std::string dir = broker->dir();
  EXPECT_EQ(broker->stop(seconds(10)), 0);
  EXPECT_TRUE(process_gone(pid));
  EXPECT_NE(broker->process().stderr_text().find("stopping (stdin closed)"), std::string::npos)
      << broker->process().stderr_text();
  EXPECT_EQ(read_file(dir + "/bootstrap"), "");
  EXPECT_EQ(read_file(dir + "/control-port"), "");
  for (int port : ports) EXPECT_FALSE(tcp_connects(port));
}

TEST(KafkaTestBroker, StopsOnSigterm) {
  KafkaTestBroker broker({.brokers = 1});
  broker.process().signal(SIGTERM);
  EXPECT_EQ(broker.process().wait(seconds(10)), 0);
  EXPECT_NE(broker.process().stderr_text().find("stopping (signal"), std::string::npos)
      << broker.process().stderr_text();
}

// A parent killed outright (a test hitting ctest's timeout) cannot close
// anything: the kernel's parent-death signal stops the tool anyway. Its
// stdin here is /dev/null (a shell's `&`), so this is not the stdin path.
TEST(KafkaTestBroker, StopsWhenItsParentIsKilled) {
  TempDir dir("ferry-kafka-parent-");
  Subprocess::Options o;
  o.argv = {"/bin/bash", "-c",
            "\"$0\" --brokers 1 --bootstrap-file \"$1/bootstrap\" --control-port-file "
            "\"$1/port\" </dev/null & echo $! > \"$1/pid\"; wait",
            kafka_test_broker_binary(), dir.path()};
  Subprocess shell(o);
  ASSERT_TRUE(wait_until([&] { return !read_file(dir.file("bootstrap")).empty(); }))
      << shell.output();
  pid_t pid = std::stoi(read_file(dir.file("pid")));
  ASSERT_FALSE(process_gone(pid));
  shell.signal(SIGKILL);
  ASSERT_TRUE(shell.wait(seconds(5)));
  EXPECT_TRUE(wait_until([&] { return process_gone(pid); }, seconds(10)));
  // It stopped cleanly (files removed), not merely died.
  EXPECT_EQ(read_file(dir.file("bootstrap")), "");
}

TEST(KafkaTestBroker, RejectsBadCommandLines) {
  TempDir dir("ferry-kafka-cli-");
  const std::string files =
      " --bootstrap-file " + dir.file("b") + " --control-port-file " + dir.file("p");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--brokers 3", "--bootstrap-file and --control-port-file are required"},
      {"--brokers 0" + files, "--brokers must be 1..64"},
      {"--topic t" + files, "topic 't' is not name:partitions[:replication]"},
      {"--topic t:x" + files, "partitions must be a positive integer"},
      {"--brokers 2 --topic t:1:3" + files, "replication must be 1..2"},
      {"--topic t:1 --topic t:2" + files, "topic 't' given twice"},
      {"--topic a/b:1" + files, "is not a legal Kafka topic name"},
      {"--rtt-ms -1" + files, "--rtt-ms must be"},
      {"--frobnicate 1" + files, "unknown option '--frobnicate'"},
      {"--debug" + files.substr(0, 0), "--debug needs a value"},
  };
  for (auto& [args, message] : cases) {
    Subprocess::Options o;
    o.argv = {kafka_test_broker_binary()};
    for (auto& a : split(args, ' ')) o.argv.push_back(a);
    auto r = run(o, seconds(10));
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
    EXPECT_NE(r.err.find("usage: kafka-test-broker"), std::string::npos) << args;
  }
}

TEST(KafkaClient, RejectsBadUsageAndReportsMissingTopics) {
  KafkaTestBroker broker({.brokers = 1, .topics = {"t:1"}});
  EXPECT_EQ(run_kafka_client({"produce", "--topic", "t", "--count", "1"}).exit_code, 2);
  EXPECT_EQ(
      run_kafka_client({"produce", "--bootstrap", broker.bootstrap(), "--topic", "t"}).exit_code,
      2);  // neither --count nor --stdin
  EXPECT_EQ(run_kafka_client({"frob"}).exit_code, 2);
  auto c = run_kafka_client(
      {"consume", "--bootstrap", broker.bootstrap(), "--topic", "missing", "--timeout-ms", "5000"});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("topic 'missing' does not exist"), std::string::npos) << c.err;
  // Waiting for more messages than there are ends in a timeout (exit 1),
  // with what was there printed.
  ASSERT_EQ(produce(broker, {"--topic", "t", "--count", "2"}).exit_code, 0);
  c = run_kafka_client({"consume", "--bootstrap", broker.bootstrap(), "--topic", "t", "--count",
                        "3", "--timeout-ms", "1500"});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_EQ(parse_kafka_records(c.out).size(), 2u);
}

}  // namespace
}  // namespace ferry::test
