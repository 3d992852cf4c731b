// kafka-client: the Kafka client the tests use to put messages into the
// test broker and read them back as JSON lines (docs/testing-kafka.md).
#include <cstring>
#include <iostream>

#include "commands.hpp"

namespace {

const char* const kUsage =
    "usage: kafka-client produce  --bootstrap B --topic T (--count N | --stdin)\n"
    "                             [--key-prefix P] [--value-prefix P] [--no-key]\n"
    "                             [--key-separator S] [--partition N] [--header NAME=VALUE]...\n"
    "                             [--timestamp-ms MS] [--timeout-ms MS] [-X KEY=VALUE]...\n"
    "       kafka-client consume  --bootstrap B --topic T... [--count N] [--timeout-ms MS]\n"
    "                             [-X KEY=VALUE]...\n"
    "       kafka-client metadata --bootstrap B [--topic T]... [--timeout-ms MS] [-X "
    "KEY=VALUE]...\n"
    "produce prints one JSON line per delivery report; consume reads every partition from the\n"
    "beginning to its end (and until N messages came) and prints one JSON line per message.\n"
    "Exit: 0 ok, 1 failed or timed out, 2 bad usage.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  if (command == "produce") return ferry::kafka_test::run_produce(argc, argv, 2);
  if (command == "consume") return ferry::kafka_test::run_consume(argc, argv, 2);
  if (command == "metadata") return ferry::kafka_test::run_metadata(argc, argv, 2);
  std::cerr << "kafka-client: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
