#!/usr/bin/env bash
# Output buffering figures (a benchmark, not a test): runs buffered_pipeline_bench in
# each mode, one process each, and prints records/s, CPU seconds and peak
# RSS per mode, the memory buffer's CPU overhead per record over unbuffered
# routing (target <= 10 %) and the file buffer's MB/s of event data with
# the default fsync policy (target >= 150 MB/s). Exits non-zero only when
# something failed to run, never because a figure misses its target.
#
#   buffered_pipeline_bench.sh PIPELINE_BENCH [SECONDS=5] [FILE_BUFFER_DIR]
# FILE_BUFFER_DIR should be on the disk being measured (default: $TMPDIR or /tmp).
set -u
if (($# < 1)); then
  echo "usage: $0 PIPELINE_BENCH [SECONDS] [FILE_BUFFER_DIR]" >&2
  exit 2
fi
BENCH=$1
SECS=${2:-5}
BASE=${3:-${TMPDIR:-/tmp}}
[[ -x "$BENCH" ]] || { echo "FAILED: not executable: $BENCH" >&2; exit 1; }
DIR=$(mktemp -d "$BASE/ferry-buffer-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

run() {
  local out
  out=$("$BENCH" "$@" 2>&1) || { echo "FAILED: $BENCH $*: $out" >&2; exit 1; }
  grep '^mode=' <<<"$out" || { echo "FAILED: no result from $BENCH $*: $out" >&2; exit 1; }
}
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$2"; }

U=$(run unbuffered "$SECS")
M=$(run memory "$SECS")
F=$(run file "$SECS" "$DIR/buf")
read -r LOADAVG _ </proc/loadavg

awk -v u="$(field cpu_ns_per_record "$U")" -v m="$(field cpu_ns_per_record "$M")" \
  -v fmb="$(field event_MB_per_s "$F")" -v fe2e="$(field end_to_end_MB_per_s "$F")" 'BEGIN {
  over = 100 * (m - u) / u
  printf "== output buffering (buffered_pipeline_bench) ==\n"
  printf "memory buffer CPU per record: %.1f ns vs %.1f ns unbuffered: %+.1f %% (target <= 10 %%: %s)\n",
         m, u, over, (over <= 10 ? "PASS" : "ABOVE")
  printf "file buffer: %.1f MB/s of event data taken in, %.1f MB/s end to end incl. the final flush (target >= 150 MB/s: %s)\n",
         fmb, fe2e, (fmb >= 150 ? "PASS" : "BELOW")
}'
for r in "$U" "$M" "$F"; do
  printf '%-10s records/s=%-9s cpu_seconds=%-6s peak_rss=%s KiB\n' \
    "$(sed -n 's/^mode=\([a-z]*\).*/\1/p' <<<"$r")" "$(field records_per_s "$r")" \
    "$(field cpu_seconds "$r")" "$(field peak_rss_kib "$r")"
done
echo "raw:"
printf '  %s\n' "$U" "$M" "$F"
echo "machine load average: $LOADAVG; file buffer dir: $BASE ($(df -h --output=source,fstype "$BASE" | tail -1))"
