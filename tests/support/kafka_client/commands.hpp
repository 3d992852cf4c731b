#pragma once

namespace ferry::kafka_test {

// kafka-client's subcommands; each takes the arguments after its name and
// returns the process exit code (0 ok, 1 failed, 2 bad usage).
int run_produce(int argc, char** argv, int first);
int run_consume(int argc, char** argv, int first);
int run_metadata(int argc, char** argv, int first);

}  // namespace ferry::kafka_test
