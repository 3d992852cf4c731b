#!/usr/bin/env bash
# RSS over time with a dead output and a full file buffer (a benchmark, not
# a test): in_sample at a high rate -> <buffer> @type file (64 MiB total)
# -> out_null never_flush true, so every flush fails and is retried, the
# buffer fills, overflows (throw_exception) and in_sample is pushed back.
# With HTTP_LOAD (plugins/in_http/bench/http_load) the source is in_http
# instead, hammered for the whole run: once full, every request is answered
# 503, so the run also shows that refused requests leave nothing behind.
# From the moment the buffer is full, RSS is sampled every few seconds; the
# summary says whether it stayed within +-10 % (the target over 10 minutes).
# Also prints records/s taken while filling, CPU seconds and peak RSS.
# Exits non-zero only when something failed to run.
#
#   buffer_rss.sh FERRY PLUGIN_DIR [SECONDS=600] [SAMPLE_EVERY=10] [HTTP_LOAD]
set -u
if (($# < 2)); then
  echo "usage: $0 FERRY PLUGIN_DIR [SECONDS] [SAMPLE_EVERY]" >&2
  exit 2
fi
FERRY=$1
PLUGIN_DIR=$2
DURATION=${3:-600}
EVERY=${4:-10}
HTTP_LOAD=${5:-}

# shellcheck source=ferry_proc.sh
source "$(dirname "${BASH_SOURCE[0]}")/ferry_proc.sh"
bench_require_executable "$FERRY" ferry

BUF="$BENCH_TMP/buf"
CONF="$BENCH_TMP/ferry.conf"
if [[ -n "$HTTP_LOAD" ]]; then
  bench_require_executable "$HTTP_LOAD" http_load
  PORT=$(bench_free_port) || bench_fail "no free port"
  SOURCE="<source>
  @type http
  bind 127.0.0.1
  port $PORT
</source>"
else
  SOURCE="<source>
  @type sample
  tag bench.rss
  rate 500
  size 100
  auto_increment_key seq
  sample {\"message\":\"$(printf 'm%.0s' {1..180})\",\"host\":\"web-01.example.com\",\"level\":\"info\"}
</source>"
fi
cat >"$CONF" <<CONF
$SOURCE
<match **>
  @type null
  never_flush true
  <buffer>
    @type file
    path $BUF
    chunk_limit_size 4m
    total_limit_size 64m
    flush_mode interval
    flush_interval 1s
    retry_wait 1s
    retry_max_interval 5s
    retry_forever true
    overflow_action throw_exception
  </buffer>
</match>
CONF

buffer_bytes() { du -sb "$BUF" 2>/dev/null | awk '{print $1}'; }

bench_start_ferry env -- "$FERRY" -c "$CONF" -p "$PLUGIN_DIR" --suppress-config-dump
bench_wait_running 20
START=$(date +%s.%N)
LOAD_PID=""
if [[ -n "$HTTP_LOAD" ]]; then
  "$HTTP_LOAD" "$PORT" $((DURATION + 150)) 4 1 100 >"$BENCH_TMP/load.txt" 2>&1 &
  LOAD_PID=$!
fi
stop_load() {
  if [[ -n "$LOAD_PID" ]]; then
    kill "$LOAD_PID" 2>/dev/null
    wait "$LOAD_PID" 2>/dev/null
    LOAD_PID=""
  fi
}
trap 'stop_load; bench_cleanup' EXIT
# Full: in_sample says it is pushed back, or (http) the buffer holds 90 %
# of total_limit_size.
full() {
  if [[ -n "$HTTP_LOAD" ]]; then
    (($(buffer_bytes || echo 0) >= 60397977))
  else
    grep -q "pushes back" "$BENCH_TMP/ferry.log"
  fi
}
waited=0
until full; do
  kill -0 "$FERRY_PID" 2>/dev/null || bench_fail "ferry exited while filling the buffer"
  ((waited >= 1200)) && bench_fail "the buffer did not fill within 120 s"
  sleep 0.1
  ((waited += 1))
done
FULL=$(date +%s.%N)
FILL_BYTES=$(buffer_bytes)
# One interval to settle (connections, the first overflow handling) before
# the baseline sample.
sleep "$EVERY"
bench_cpu_ticks
TICKS0=$CPU_TICKS

echo "== RSS with a dead output and a full file buffer (buffer_rss) =="
printf 'buffer full after %.1f s (%s bytes on disk, ~%.0f records/s taken while filling)\n' \
  "$(awk -v a="$START" -v b="$FULL" 'BEGIN{print b-a}')" "$FILL_BYTES" \
  "$(awk -v a="$START" -v b="$FULL" -v n="$FILL_BYTES" 'BEGIN{print n/260/(b-a)}')"
echo "seconds_since_baseline (taken ${EVERY} s after full) rss_kib buffer_bytes"
SAMPLES=()
T=0
while ((T <= DURATION)); do
  kill -0 "$FERRY_PID" 2>/dev/null || bench_fail "ferry exited during the run"
  bench_status_kib VmRSS
  SAMPLES+=("$STATUS_KIB")
  echo "$T $STATUS_KIB $(buffer_bytes)"
  ((T + EVERY > DURATION)) && break
  sleep "$EVERY"
  ((T += EVERY))
done
bench_cpu_ticks
CPU_S=$(bench_ticks_to_seconds $((CPU_TICKS - TICKS0)))
bench_status_kib VmHWM
PEAK=$STATUS_KIB
stop_load
bench_stop_ferry 60

printf '%s\n' "${SAMPLES[@]}" | awk -v cpu="$CPU_S" -v peak="$PEAK" -v dur="$T" '
  { v[NR] = $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
  END {
    first = v[1]; last = v[NR]
    dev_hi = 100 * (hi - first) / first; dev_lo = 100 * (lo - first) / first
    printf "RSS at full: %.1f MiB; min %.1f, max %.1f, last %.1f MiB over %d s: %+.1f %% / %+.1f %% (target +-10 %%: %s)\n",
      first / 1024, lo / 1024, hi / 1024, last / 1024, dur, dev_lo, dev_hi,
      (dev_hi <= 10 && dev_lo >= -10) ? "PASS" : "OUTSIDE"
    printf "CPU seconds while full: %s over %d s; peak RSS (VmHWM) %.1f MiB\n", cpu, dur, peak / 1024
  }'
if [[ -n "$HTTP_LOAD" ]]; then
  SOURCE_TEXT="in_http under http_load (4 connections, 100-record posts, answered 503 once full)"
else
  SOURCE_TEXT="in_sample (rate 500 x 100 records, paused once full)"
fi
echo "source: $SOURCE_TEXT; flush retries logged: $(grep -c 'failed to flush' "$BENCH_TMP/ferry.log")"
