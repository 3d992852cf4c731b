#include "mock_cluster.hpp"

namespace ferry::kafka_test {

std::unique_ptr<MockCluster> MockCluster::create(int broker_count, const std::string& debug,
                                                 std::string& error) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The bookkeeping handle has no bootstrap.servers of its own and says so
  // at notice level; only warnings and up matter, unless --debug asks.
  if (debug.empty()) rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr);
  if (!debug.empty() &&
      rd_kafka_conf_set(conf, "debug", debug.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    error = std::string("--debug: ") + errstr;
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!handle) {
    error = std::string("cannot create the librdkafka handle: ") + errstr;
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle, broker_count);
  if (!cluster) {
    error = "librdkafka could not create the mock cluster (listener sockets?)";
    rd_kafka_destroy(handle);
    return nullptr;
  }
  return std::unique_ptr<MockCluster>(new MockCluster(handle, cluster, broker_count));
}

MockCluster::~MockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

rd_kafka_resp_err_t MockCluster::create_topic(const std::string& name, int partitions,
                                              int replication_factor) {
  rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replication_factor);
  for (int p = 0; p < partitions && !err; ++p) {
    err = rd_kafka_mock_partition_set_leader(cluster_, name.c_str(), p, p % broker_count_ + 1);
  }
  return err;
}

}  // namespace ferry::kafka_test
