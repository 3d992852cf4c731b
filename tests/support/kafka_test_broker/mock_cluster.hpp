#pragma once
#include <librdkafka/rdkafka.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

namespace ferry::kafka_test {

// librdkafka's in-process mock cluster: `broker_count` brokers (ids 1..N)
// listening on 127.0.0.1 ephemeral ports, served by librdkafka's own thread.
// The mock needs an rd_kafka_t for its bookkeeping; a bare producer that
// never produces serves.
class MockCluster {
 public:
  // nullptr and `error` set when librdkafka refuses (e.g. bad debug contexts).
  static std::unique_ptr<MockCluster> create(int broker_count, const std::string& debug,
                                             std::string& error);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:p1,127.0.0.1:p2,..." in broker id order.
  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }
  int broker_count() const { return broker_count_; }
  rd_kafka_mock_cluster_t* get() const { return cluster_; }

  // Creates a topic and pins partition p's leader to broker p % N + 1, so
  // tests know where each partition lives (the mock would pick leaders at
  // random). The 2.0.2 mock reports min(3, N) replicas whatever
  // `replication_factor` says; it only checks it.
  rd_kafka_resp_err_t create_topic(const std::string& name, int partitions, int replication_factor);

 private:
  MockCluster(rd_kafka_t* handle, rd_kafka_mock_cluster_t* cluster, int broker_count)
      : handle_(handle), cluster_(cluster), broker_count_(broker_count) {}

  rd_kafka_t* handle_;
  rd_kafka_mock_cluster_t* cluster_;
  int broker_count_;
};

}  // namespace ferry::kafka_test
