#pragma once
#include <string>
#include <string_view>

#include "mock_cluster.hpp"

namespace ferry::kafka_test {

// One command line of the control channel (docs/testing-kafka.md) applied
// to the cluster; returns the reply without its newline: "ok" or
// "error <why>". Words are separated by spaces or tabs.
std::string run_control_command(MockCluster& cluster, std::string_view line);

}  // namespace ferry::kafka_test
