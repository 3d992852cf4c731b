#!/usr/bin/env bash
# Idle baseline: what a running `ferry` costs with nothing to do. Runs it
# on conf/ferry.conf with --without-source (so `sample` emits nothing: the
# outputs and filters are built and started, no event flows) for a fixed
# time and prints its CPU seconds and RSS. Exits non-zero only when
# something failed to run.
#
#   idle_bench.sh FERRY PLUGIN_DIR CONFIG
# Environment: IDLE_BENCH_SECONDS (5).
set -u

if (($# != 3)); then
  echo "usage: $0 FERRY PLUGIN_DIR CONFIG" >&2
  exit 2
fi
FERRY=$1
PLUGIN_DIR=$2
CONFIG=$3
SECONDS_IDLE=${IDLE_BENCH_SECONDS:-5}

# shellcheck source=ferry_proc.sh
source "$(dirname "${BASH_SOURCE[0]}")/ferry_proc.sh"

bench_require_executable "$FERRY" ferry
[[ -f "$CONFIG" ]] || bench_fail "config not found: $CONFIG"

bench_start_ferry env -- "$FERRY" -c "$CONFIG" -p "$PLUGIN_DIR" --without-source \
  --suppress-config-dump
bench_wait_running 20

bench_cpu_ticks
TICKS_BEFORE=$CPU_TICKS
sleep "$SECONDS_IDLE"
bench_cpu_ticks
TICKS_AFTER=$CPU_TICKS
bench_status_kib VmRSS
RSS_KIB=$STATUS_KIB
bench_status_kib VmHWM
PEAK_RSS_KIB=$STATUS_KIB
bench_stop_ferry 20

CPU_S=$(bench_ticks_to_seconds $((TICKS_AFTER - TICKS_BEFORE)))
cat <<EOF
== idle ferry, $(basename "$CONFIG") without sources (idle_bench) ==
idle time:              ${SECONDS_IDLE}s
ferry CPU seconds:      $CPU_S ($(awk -v c="$CPU_S" -v s="$SECONDS_IDLE" \
  'BEGIN { printf "%.2f", 100 * c / s }')% of one core)
RSS (VmRSS):            $(bench_kib_to_mib "$RSS_KIB") MiB
peak RSS (VmHWM):       $(bench_kib_to_mib "$PEAK_RSS_KIB") MiB
EOF
exit 0
