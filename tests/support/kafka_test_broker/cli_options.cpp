#include "cli_options.hpp"

#include <charconv>
#include <set>

namespace ferry::kafka_test {

const char* const kUsage =
    "usage: kafka-test-broker [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]...\n"
    "                         --bootstrap-file F --control-port-file P\n"
    "                         [--rtt-ms MS] [--debug CONTEXTS]\n"
    "A Kafka cluster for tests (librdkafka's mock cluster), NOT a broker for production.\n"
    "Writes the control port to P, then 127.0.0.1:p1,...,127.0.0.1:pN to F once ready.\n"
    "Stops on SIGTERM/SIGINT, when its parent dies, or on EOF when stdin is a pipe.\n"
    "Control commands (one per line on the control port, answered 'ok' or 'error <why>'):\n"
    "  ping | broker-down ID|all | broker-up ID|all | push-errors API ERR COUNT\n"
    "  clear-errors API | rtt ID|all MS | create-topic NAME PARTITIONS RF\n"
    "  leader TOPIC PARTITION BROKER|none\n";

namespace {

std::optional<int> parse_int(const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<CliOptions> parse_cli(int argc, char** argv, std::string& error) {
  CliOptions opts;
  std::vector<std::string> topic_texts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      opts.help = true;
      return opts;
    }
    if (i + 1 >= argc) {
      error =
          arg.rfind("--", 0) == 0 ? arg + " needs a value" : "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
    std::string value = argv[++i];
    if (arg == "--brokers") {
      // The mock has no practical limit; a typo like 3000 is not meant.
      auto n = parse_int(value, 1, 64);
      if (!n) {
        error = "--brokers must be 1..64, not '" + value + "'";
        return std::nullopt;
      }
      opts.brokers = *n;
    } else if (arg == "--topic") {
      topic_texts.push_back(value);
    } else if (arg == "--bootstrap-file") {
      opts.bootstrap_file = value;
    } else if (arg == "--control-port-file") {
      opts.control_port_file = value;
    } else if (arg == "--rtt-ms") {
      auto n = parse_int(value, 0, 600000);
      if (!n) {
        error = "--rtt-ms must be 0..600000, not '" + value + "'";
        return std::nullopt;
      }
      opts.rtt_ms = *n;
    } else if (arg == "--debug") {
      opts.debug = value;
    } else {
      error = "unknown option '" + arg + "'";
      return std::nullopt;
    }
  }
  if (opts.bootstrap_file.empty() || opts.control_port_file.empty()) {
    error = "--bootstrap-file and --control-port-file are required";
    return std::nullopt;
  }
  // Topics are checked against the final --brokers, wherever it came.
  std::set<std::string> names;
  for (auto& text : topic_texts) {
    auto spec = parse_topic_spec(text, opts.brokers, error);
    if (!spec) return std::nullopt;
    if (!names.insert(spec->name).second) {
      error = "topic '" + spec->name + "' given twice";
      return std::nullopt;
    }
    opts.topics.push_back(*spec);
  }
  return opts;
}

}  // namespace ferry::kafka_test
