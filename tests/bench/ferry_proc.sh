# shellcheck shell=bash
# Shared by the process-level benchmarks (http_bench.sh, idle_bench.sh):
# start a real `ferry`, wait until it runs, read its CPU time and memory
# from /proc, stop it. Sourced, not run. Every failure goes through
# bench_fail, which stops ferry and exits non-zero: a benchmark fails only
# when something did not run, never because a figure is low.

# Outputs of the functions below, read by the scripts that source this.
# shellcheck disable=SC2034
CPU_TICKS=0 STATUS_KIB=0

BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")
FERRY_PID=""

bench_cleanup() {
  if [[ -n "$FERRY_PID" ]] && kill -0 "$FERRY_PID" 2>/dev/null; then
    kill -KILL "$FERRY_PID" 2>/dev/null
    wait "$FERRY_PID" 2>/dev/null
  fi
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

bench_fail() {
  echo "FAILED: $*" >&2
  if [[ -s "$BENCH_TMP/ferry.log" ]]; then
    echo "--- last lines of ferry's log ---" >&2
    tail -n 20 "$BENCH_TMP/ferry.log" >&2
  fi
  exit 1
}

bench_require_executable() {
  [[ -x "$1" ]] || bench_fail "$2 not found or not executable: $1"
}

# A TCP port nobody listens on now. (Taken between this check and ferry's
# bind only by a race; ferry then fails to start and the bench says so.)
bench_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# bench_start_ferry CPU_PREFIX... -- FERRY ARGS...: starts ferry in the
# background (log in $BENCH_TMP/ferry.log), sets FERRY_PID.
bench_start_ferry() {
  local prefix=()
  while [[ "$1" != "--" ]]; do
    prefix+=("$1")
    shift
  done
  shift
  "${prefix[@]}" "$@" >"$BENCH_TMP/ferry.log" 2>&1 &
  FERRY_PID=$!
}

# Waits (up to $1 seconds) for ferry's "now running" log line; fails if
# ferry exits first or never gets there.
bench_wait_running() {
  local limit=$1 waited=0
  until grep -q "now running" "$BENCH_TMP/ferry.log" 2>/dev/null; do
    kill -0 "$FERRY_PID" 2>/dev/null || bench_fail "ferry exited before it was running"
    ((waited >= limit * 10)) && bench_fail "ferry not running after ${limit}s"
    sleep 0.1
    ((waited += 1))
  done
}

# Sets CPU_TICKS to ferry's utime + stime (all threads) in clock ticks.
# Results go in variables, not stdout: bench_fail must run in this shell.
bench_cpu_ticks() {
  local stat fields
  stat=$(<"/proc/$FERRY_PID/stat") || bench_fail "ferry is gone (reading /proc/$FERRY_PID/stat)"
  # Fields are counted after the ")" ending the command name (it may hold
  # spaces): that rest starts at field 3, so utime (14) and stime (15)
  # are its 12th and 13th.
  read -r -a fields <<<"${stat##*) }"
  CPU_TICKS=$((fields[11] + fields[12]))
}

# Sets STATUS_KIB to the $1 line (VmHWM, VmRSS) of /proc/PID/status, in KiB.
bench_status_kib() {
  STATUS_KIB=$(awk -v key="$1:" '$1 == key { print $2 }' "/proc/$FERRY_PID/status" 2>/dev/null)
  [[ -n "$STATUS_KIB" ]] || bench_fail "cannot read $1 from /proc/$FERRY_PID/status"
}

bench_ticks_to_seconds() {
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

bench_kib_to_mib() {
  awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

# SIGTERM, then wait (up to $1 seconds) for a graceful exit with status 0.
bench_stop_ferry() {
  local limit=$1 waited=0 status
  kill -TERM "$FERRY_PID" 2>/dev/null || bench_fail "ferry is gone before SIGTERM"
  while kill -0 "$FERRY_PID" 2>/dev/null; do
    ((waited >= limit * 10)) && bench_fail "ferry did not stop within ${limit}s of SIGTERM"
    sleep 0.1
    ((waited += 1))
  done
  wait "$FERRY_PID"
  status=$?
  FERRY_PID=""
  ((status == 0)) || bench_fail "ferry exited with status $status after SIGTERM"
}
