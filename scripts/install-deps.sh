#!/usr/bin/env bash
# Installs every Debian package Ferry needs to build, run and test.
# Used by both README commands (run and test) and therefore by CI.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl procps
  libmsgpack-dev          # msgpack-c: events and batches travel as MessagePack
  libyaml-cpp-dev         # YAML form of the config
  libboost-dev libboost-system-dev   # Asio runtime, Beast HTTP parser
  libsimdjson-dev         # JSON parsed straight into MessagePack
  libpcre2-dev            # regexps (tag /regex/ patterns, parsers, grep)
  libssl-dev zlib1g-dev   # TLS and gzip
  librdkafka-dev          # Kafka client (out_kafka2, in_kafka_group) and its mock cluster (tests/support/kafka_test_broker)
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and benchmarks
  clang-format
  python3                 # tests/compat/run_case.py, the compat case runner
  python3-msgpack         # tests/support/fluentd_resume_check.py and the buffer crash test
  influxdb                # InfluxDB 1.6 for out_influxdb's tests (tests/support/influxdb_server.py runs
                          # its own influxd per test; the package's service is not used)
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
