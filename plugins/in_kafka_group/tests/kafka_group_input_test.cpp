// in_kafka_group end to end: the built `ferry` consuming from
// kafka-test-broker, messages produced with kafka-client, events written
// by stdout (json + inject) or out_flaky, compared field by field.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ferry_paths.hpp"
#include "kafka_client_output.hpp"
#include "kafka_test_broker.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace ferry::test {
namespace {

using namespace std::chrono_literals;

// docs/testing-kafka.md: a rejoin costs session.timeout.ms - 1 s.
constexpr const char* kFastGroup =
    "  rdkafka_options {\"session.timeout.ms\":\"3000\",\"heartbeat.interval.ms\":\"500\"}\n";

// Each event as one JSON line with its tag and time injected.
std::string stdout_match(const std::string& pattern) {
  return "<match " + pattern +
         ">\n  @type stdout\n  <format>\n    @type json\n  </format>\n"
         "  <inject>\n    tag_key tag\n    time_key t\n    time_type float\n  </inject>\n"
         "</match>\n";
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos && line.rfind("{", 0) == 0) out.push_back(line);
  return out;
}

class KafkaGroupTest : public ::testing::Test {
 protected:
  void start_broker(std::vector<std::string> topics) {
    broker_ = std::make_unique<KafkaTestBroker>(
        KafkaTestBroker::Options{.brokers = 1, .topics = std::move(topics)});
  }
  std::unique_ptr<Subprocess> start(const std::string& config,
                                    std::vector<std::string> extra = {}) {
    write_file(dir_.file("fluent.conf"), config);
    Subprocess::Options o;
    o.argv = {ferry_binary(), "-c", dir_.file("fluent.conf"), "-p", plugin_dir()};
    o.argv.insert(o.argv.end(), extra.begin(), extra.end());
    o.cwd = dir_.path();
    o.env_set = {{"TZ", "UTC"}};
    auto p = std::make_unique<Subprocess>(o);
    EXPECT_TRUE(wait_until(
        [&] { return p->output().find("worker is now running") != std::string::npos; }, 10s))
        << p->output();
    return p;
  }
  void produce(const std::string& topic, const std::string& lines,
               std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"produce", "--bootstrap", broker_->bootstrap(), "--topic",
                                     topic,     "--stdin",     "--key-separator",    "\t"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = run_kafka_client(args, lines);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  std::string source(const std::string& topics, const std::string& extra = "") {
    return "<source>\n  @type kafka_group\n  brokers " + broker_->bootstrap() +
           "\n  consumer_group g\n  topics " + topics + "\n" + kFastGroup + extra + "</source>\n";
  }
  // out_flaky behind a 2 KiB memory buffer: `control` holding "retry"
  // keeps every chunk, so the buffer fills and the router pushes back.
  std::string flaky_match() {
    return "<match **>\n  @type flaky\n  path " + dir_.file("out.jsonl") + "\n  control_file " +
           dir_.file("control") +
           "\n  <buffer>\n    @type memory\n    chunk_limit_size 1k\n"
           "    total_limit_size 2k\n    flush_interval 0.2\n    retry_wait 0.2\n"
           "    retry_max_interval 0.5\n    flush_thread_interval 0.05\n"
           "    flush_thread_burst_interval 0.02\n  </buffer>\n</match>\n";
  }
  std::set<std::string> delivered() {
    std::set<std::string> s;
    std::istringstream in(read_file(dir_.file("out.jsonl")));
    for (std::string l; std::getline(in, l);) s.insert(l);
    return s;
  }
  std::string round_of(int& sent, int n) {
    std::string batch;
    for (int end = sent + n; sent < end; ++sent)
      batch += "{\"seq\":" + std::to_string(sent) + ",\"pad\":\"" + std::string(10, 'x') + "\"}\n";
    return batch;
  }
  std::string stop(Subprocess& p) {
    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(15s), 0) << p.output();
    return p.output();
  }

  TempDir dir_{"ferry-kafka-group-"};
  std::unique_ptr<KafkaTestBroker> broker_;
};

TEST_F(KafkaGroupTest, MessagesBecomeEventsWithTagTimeHeadersAndKey) {
  start_broker({"logs:1"});
  produce("logs", "k1\t{\"n\":1,\"h\":\"record\"}\n\t{\"n\":2}\n",
          {"--header", "h=from-header", "--timestamp-ms", "1700000000123"});
  auto p = start(source("logs",
                        "  add_prefix kafka\n  add_suffix in\n  add_headers true\n"
                        "  kafka_message_key mkey\n  time_source kafka\n") +
                 stdout_match("kafka.logs.in"));
  ASSERT_TRUE(wait_until([&] { return lines_with(p->stdout_text(), "\"n\"").size() >= 2; }, 10s))
      << p->output();
  std::string out = stop(*p);
  auto lines = lines_with(out, "\"n\"");
  ASSERT_EQ(lines.size(), 2u) << out;
  // The header replaces the record's field of the same name in place.
  EXPECT_EQ(lines[0],
            "{\"n\":1,\"h\":\"from-header\",\"mkey\":\"k1\",\"tag\":\"kafka.logs.in\","
            "\"t\":1700000000.123}");
  // `\t{...}`: an empty key, which is a key.
  EXPECT_EQ(lines[1],
            "{\"n\":2,\"mkey\":\"\",\"h\":\"from-header\",\"tag\":\"kafka.logs.in\","
            "\"t\":1700000000.123}");
}

TEST_F(KafkaGroupTest, TextFormatRecordTimeAndParseErrorsToErrorPath) {
  start_broker({"a:1", "b:1"});
  produce("a", "{\"time\":1600000000,\"v\":1}\nnot json\n");
  produce("b", "plain line\n", {"--no-key"});
  auto p = start(
      "<source>\n  @type kafka_group\n  brokers " + broker_->bootstrap() +
      "\n  consumer_group g\n  topics a\n  time_source record\n" + kFastGroup + "</source>\n" +
      "<source>\n  @type kafka_group\n  brokers " + broker_->bootstrap() +
      "\n  consumer_group g2\n  topics b\n  format text\n  message_key line\n  kafka_message_key "
      "k\n" +
      kFastGroup + "</source>\n" + "<label @ERROR>\n" + stdout_match("**") + "</label>\n" +
      stdout_match("**"));
  ASSERT_TRUE(wait_until([&] { return lines_with(p->stdout_text(), "\"tag\"").size() >= 3; }, 10s))
      << p->output();
  std::string out = stop(*p);
  std::set<std::string> got;
  for (auto& l : lines_with(out, "\"tag\"")) got.insert(l);
  EXPECT_EQ(got.count("{\"time\":1600000000,\"v\":1,\"tag\":\"a\",\"t\":1600000000.0}"), 1u) << out;
  EXPECT_EQ(got.count("{\"line\":\"plain line\",\"k\":null,\"tag\":\"b\",\"t\":"), 0u);
  bool text_seen = false, error_seen = false;
  for (const std::string& l : got) {
    text_seen |= l.rfind("{\"line\":\"plain line\",\"k\":null,\"tag\":\"b\",\"t\":", 0) == 0;
    error_seen |= l.rfind("{\"message\":\"not json\",\"tag\":\"a\"", 0) == 0;
  }
  EXPECT_TRUE(text_seen) << out;
  EXPECT_TRUE(error_seen) << out;
}

TEST_F(KafkaGroupTest, MsgpackAndLtsvFormats) {
  start_broker({"mp:1", "lt:1"});
  // {"a":1,"s":"x"} in MessagePack (no newline byte in it).
  produce("mp",
          std::string("\x82\xa1"
                      "a\x01\xa1s\xa1x\n"),
          {"--no-key"});
  produce("lt", "a:1\tb:two\n", {"--key-separator", "|"});
  auto p = start("<source>\n  @type kafka_group\n  brokers " + broker_->bootstrap() +
                 "\n  consumer_group g\n  topics mp\n  format msgpack\n" + kFastGroup +
                 "</source>\n<source>\n  @type kafka_group\n  brokers " + broker_->bootstrap() +
                 "\n  consumer_group g2\n  topics lt\n  format ltsv\n" + kFastGroup +
                 "</source>\n" + stdout_match("**"));
  ASSERT_TRUE(wait_until([&] { return lines_with(p->stdout_text(), "\"a\"").size() >= 2; }, 10s))
      << p->output();
  std::string out = stop(*p);
  std::set<std::string> got;
  for (auto& l : lines_with(out, "\"a\"")) got.insert(l.substr(0, l.find(",\"t\"")));
  EXPECT_EQ(got, (std::set<std::string>{"{\"a\":1,\"s\":\"x\",\"tag\":\"mp\"",
                                        "{\"a\":\"1\",\"b\":\"two\",\"tag\":\"lt\""}))
      << out;
}

TEST_F(KafkaGroupTest, TagSourceRecordTakesTheTagFromTheRecord) {
  start_broker({"tr:1"});
  produce("tr", "{\"tag\":\"x.y\",\"v\":1}\n{\"v\":2}\n{\"tag\":\"z\",\"v\":3}\n");
  auto p = start(source("tr", "  tag_source record\n  add_prefix p\n") + "<label @ERROR>\n" +
                 stdout_match("**") + "</label>\n" + stdout_match("**"));
  ASSERT_TRUE(wait_until([&] { return lines_with(p->stdout_text(), "\"v\"").size() >= 3; }, 10s))
      << p->output();
  std::string out = stop(*p);
  std::vector<std::string> got;
  for (auto& l : lines_with(out, "\"v\"")) got.push_back(l.substr(0, l.find(",\"t\"")));
  // The record without a tag goes to @ERROR with the topic's tag.
  // (inject's tag_key replaces the record's `tag` in place.)
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"{\"tag\":\"p.x.y\",\"v\":1", "{\"tag\":\"p.z\",\"v\":3",
                                           "{\"v\":2,\"tag\":\"p.tr\""}))
      << out;
}

TEST_F(KafkaGroupTest, RegexTopicsSubscribeToEveryMatchingTopic) {
  start_broker({"metrics.a:2", "metrics.b:1", "other:1"});
  produce("metrics.a", "{\"m\":\"a\"}\n");
  produce("metrics.b", "{\"m\":\"b\"}\n");
  produce("other", "{\"m\":\"other\"}\n");
  auto p = start(source("/metrics\\..*/") + stdout_match("**"));
  ASSERT_TRUE(wait_until([&] { return lines_with(p->stdout_text(), "\"m\"").size() >= 2; }, 10s))
      << p->output();
  std::string out = stop(*p);
  std::set<std::string> got;
  for (auto& l : lines_with(out, "\"m\"")) got.insert(l.substr(0, l.find(",\"t\"")));
  EXPECT_EQ(got, (std::set<std::string>{"{\"m\":\"a\",\"tag\":\"metrics.a\"",
                                        "{\"m\":\"b\",\"tag\":\"metrics.b\""}))
      << out;
}

TEST_F(KafkaGroupTest, StartFromBeginningFalseSkipsWhatWasThere) {
  start_broker({"late:1"});
  produce("late", "{\"early\":1}\n{\"early\":2}\n");
  auto p = start(source("late", "  start_from_beginning false\n") + stdout_match("**"));
  // The start offset is looked up after the assignment: produce until a
  // message produced after it arrives.
  int sent = 0;
  ASSERT_TRUE(wait_until(
      [&] {
        produce("late", "{\"late\":" + std::to_string(sent++) + "}\n");
        return !lines_with(p->stdout_text(), "\"late\"").empty();
      },
      12s))
      << p->output();
  std::string out = stop(*p);
  EXPECT_TRUE(lines_with(out, "\"early\"").empty()) << out;
}

// Restarted mid-topic: every message arrives, duplicates allowed (counted).
TEST_F(KafkaGroupTest, RestartMidTopicLeavesNoGap) {
  start_broker({"seq:2"});
  std::string batch;
  for (int i = 0; i < 300; ++i) batch += "{\"seq\":" + std::to_string(i) + "}\n";
  produce("seq", batch);
  const std::string config =
      source("seq", "  offset_commit_interval 1\n  max_bytes 2048\n") + stdout_match("**");
  auto p = start(config);
  ASSERT_TRUE(wait_until([&] { return !lines_with(p->stdout_text(), "\"seq\"").empty(); }, 10s));
  std::string first = stop(*p);
  std::string more;
  for (int i = 300; i < 400; ++i) more += "{\"seq\":" + std::to_string(i) + "}\n";
  produce("seq", more);
  auto q = start(config);
  std::regex seq_re("\"seq\":([0-9]+)");
  auto seen = [&](const std::string& text, std::multiset<int>& all) {
    for (auto& l : lines_with(text, "\"seq\"")) {
      std::smatch m;
      if (std::regex_search(l, m, seq_re)) all.insert(std::stoi(m[1]));
    }
  };
  ASSERT_TRUE(wait_until(
      [&] {
        std::multiset<int> all;
        seen(first, all);
        seen(q->stdout_text(), all);
        return std::set<int>(all.begin(), all.end()).size() >= 400;
      },
      15s))
      << q->output();
  std::string second = stop(*q);
  std::multiset<int> all;
  seen(first, all);
  seen(second, all);
  std::set<int> distinct(all.begin(), all.end());
  EXPECT_EQ(distinct.size(), 400u);
  EXPECT_EQ(*distinct.begin(), 0);
  EXPECT_EQ(*distinct.rbegin(), 399);
  std::cout << "restart: " << lines_with(first, "\"seq\"").size() << " events before, "
            << all.size() - distinct.size() << " duplicates\n";
}

// A full buffer downstream pauses consumption; nothing is lost after.
TEST_F(KafkaGroupTest, FullBufferDownstreamPausesConsumptionWithoutLoss) {
  start_broker({"bp:1"});
  write_file(dir_.file("control"), "retry");
  auto p = start(source("bp") + flaky_match(), {"-p", build_dir() + "/test-plugins"});
  ASSERT_TRUE(
      wait_until([&] { return p->output().find("partitions assigned") != std::string::npos; }, 10s))
      << p->output();
  // Separate rounds make separate emits (the buffer takes an emit while it
  // is below its limit, however large): produce until one is refused.
  int sent = 0;
  auto produce_round = [&] { produce("bp", round_of(sent, 100)); };
  ASSERT_TRUE(wait_until(
      [&] {
        if (p->output().find("consumption paused") != std::string::npos) return true;
        if (sent < 1000) produce_round();
        return false;
      },
      10s))
      << p->output();
  EXPECT_EQ(read_file(dir_.file("out.jsonl")), "");
  // Produced while paused: read once consumption resumes.
  produce_round();
  unlink(dir_.file("control").c_str());
  ASSERT_TRUE(wait_until([&] { return delivered().size() >= size_t(sent); }, 15s)) << p->output();
  std::string out = stop(*p);
  EXPECT_NE(out.find("consumption resumed"), std::string::npos) << out;
  EXPECT_EQ(delivered().size(), size_t(sent));
}

// The reference processor stage: the Jolokia answer kafka2 put into
// kafka.metrics (record_transformer's topic and hostname added) is read
// back, exploded by json_extract into one record per MBean and produced to
// kafka.metrics.processed, where every record is as the exec pipeline's
// file output has it (tests/fixtures/jolokia/expected_extract.txt).
TEST_F(KafkaGroupTest, ReferenceProcessorStageJsonExtractToKafka2) {
  start_broker({"kafka.metrics:3", "kafka.metrics.processed:3"});
  const std::string fixtures = source_dir() + "/tests/fixtures/jolokia/";
  std::string answer = read_file(fixtures + "kafka_server_read.json");
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  ASSERT_EQ(answer.find('\n'), std::string::npos);
  ASSERT_EQ(answer.front(), '{');
  produce("kafka.metrics",
          "host1\t{\"topic\":\"kafka.metrics\",\"hostname\":\"host1\"," + answer.substr(1) + "\n");

  auto p = start(source("kafka.metrics") +
                 "<filter kafka.metrics>\n"
                 "  @type json_extract\n"
                 "  keep_keys hostname\n"
                 "  require_keys value\n"
                 "  <field timestamp>\n    path $.timestamp\n    type integer\n  </field>\n"
                 "  <explode>\n    path $.value\n  </explode>\n"
                 "</filter>\n"
                 "<match kafka.metrics>\n"
                 "  @type kafka2\n"
                 "  brokers " +
                 broker_->bootstrap() +
                 "\n"
                 // Not <buffer topic>: per-topic MBeans carry a `topic` key
                 // property, which would pick the Kafka topic.
                 "  topic kafka.metrics.processed\n"
                 "  partition_key_key hostname\n"
                 // Per-partition MBeans carry a `partition` key property
                 // ("0"), which kafka2 would read as the partition number.
                 "  partition_key kafka_partition\n"
                 "  required_acks -1\n"
                 "  <format>\n    @type json\n  </format>\n"
                 "  <buffer>\n    flush_interval 1s\n  </buffer>\n"
                 "</match>\n");

  std::vector<std::string> want;
  {
    std::istringstream in(read_file(fixtures + "expected_extract.txt"));
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) want.push_back(l);
  }
  std::vector<KafkaRecord> got;
  ASSERT_TRUE(wait_until(
      [&] {
        p->signal(SIGUSR1);  // flush the buffer now
        RunResult r = run_kafka_client({"consume", "--bootstrap", broker_->bootstrap(), "--topic",
                                        "kafka.metrics.processed", "--count",
                                        std::to_string(want.size()), "--timeout-ms", "1500"});
        got = parse_kafka_records(r.out);
        return got.size() >= want.size();
      },
      15s))
      << got.size() << " records\n"
      << p->output();
  stop(*p);
  std::vector<std::string> values;
  std::multiset<std::string> bytes_in;
  for (const KafkaRecord& r : got) {
    ASSERT_TRUE(r.value);
    values.push_back(*r.value);
    if (r.value->find("\"name\":\"BytesInPerSec\"") != std::string::npos) bytes_in.insert(*r.value);
  }
  std::sort(values.begin(), values.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(values, want);
  EXPECT_EQ(bytes_in.size(), 18u);
  EXPECT_TRUE(bytes_in.count(
      "{\"hostname\":\"host1\",\"timestamp\":1533793373,\"domain\":\"kafka.server\",\"name\":"
      "\"BytesInPerSec\",\"topic\":\"orders\",\"type\":\"BrokerTopicMetrics\",\"Count\":"
      "49895032,\"FifteenMinuteRate\":14480.574163311185,\"FiveMinuteRate\":13886.585266672892,"
      "\"MeanRate\":14792.47909872517,\"OneMinuteRate\":10622.560060649254}"));
}

// retry_emit_limit: the batch is given up, the partition rewound, and the
// messages read again after retry_wait_seconds: nothing lost.
TEST_F(KafkaGroupTest, RetryEmitLimitRewindsAndReadsAgain) {
  start_broker({"rl:1"});
  write_file(dir_.file("control"), "retry");
  auto p = start(source("rl", "  retry_emit_limit 1\n  retry_wait_seconds 1\n") + flaky_match(),
                 {"-p", build_dir() + "/test-plugins"});
  ASSERT_TRUE(
      wait_until([&] { return p->output().find("partitions assigned") != std::string::npos; }, 10s))
      << p->output();
  int sent = 0;
  ASSERT_TRUE(wait_until(
      [&] {
        if (p->output().find("Exceeds retry_emit_limit (1)") != std::string::npos) return true;
        if (sent < 1000) produce("rl", round_of(sent, 100));
        return false;
      },
      10s))
      << p->output();
  unlink(dir_.file("control").c_str());
  ASSERT_TRUE(wait_until([&] { return delivered().size() >= size_t(sent); }, 12s)) << p->output();
  stop(*p);
  EXPECT_EQ(delivered().size(), size_t(sent));
}

TEST_F(KafkaGroupTest, BadParametersAreRefusedAtLoad) {
  auto dry = [&](const std::string& body) {
    write_file(dir_.file("bad.conf"), "<source>\n  @type kafka_group\n" + body + "</source>\n" +
                                          "<match **>\n  @type stdout\n</match>\n");
    Subprocess::Options o;
    o.argv = {ferry_binary(), "--dry-run", "-c", dir_.file("bad.conf"), "-p", plugin_dir()};
    return run(o, 10s);
  };
  struct Case {
    std::string body;
    std::string expect;
  } cases[] = {
      {"  topics t\n", "consumer_group"},
      {"  consumer_group g\n", "topics"},
      {"  consumer_group g\n  topics t\n  ssl_client_cert_chain /x.pem\n",
       "'ssl_client_cert_chain' is not supported"},
      {"  consumer_group g\n  topics t\n  username u\n  password p\n",
       "SASL authentication requires that SSL is configured"},
      {"  consumer_group g\n  topics t\n  ssl_ca_cert /x.pem\n"
       "  rdkafka_options {\"ssl.ca.location\":\"/y.pem\"}\n",
       "set it one way only"},
      {"  consumer_group g\n  topics t\n  rdkafka_options {\"enable.auto.commit\":\"true\"}\n",
       "stores and commits offsets itself"},
      {"  consumer_group g\n  topics t\n  session_timeout 6\n"
       "  rdkafka_options {\"session.timeout.ms\":\"3000\"}\n",
       "set it one way only"},
      {"  consumer_group g\n  topics t\n  rdkafka_options {\"no.such.thing\":\"1\"}\n",
       "librdkafka refuses no.such.thing"},
      {"  consumer_group g\n  topics t\n  time_source later\n", "now,kafka,record"},
      {"  consumer_group g\n  topics t\n  format nosuchparser\n", "nosuchparser"},
  };
  for (const Case& c : cases) {
    RunResult r = dry(c.body);
    EXPECT_NE(r.exit_code, 0) << c.body;
    EXPECT_NE((r.out + r.err).find(c.expect), std::string::npos) << c.body << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("bad.conf:"), std::string::npos) << c.body << r.out << r.err;
  }
}

}  // namespace
}  // namespace ferry::test
