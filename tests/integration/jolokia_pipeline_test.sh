#!/usr/bin/env bash
# End to end, the first half of the reference metrics pipeline on the
# recorded Jolokia answer: exec (cat of the fixture) -> record_transformer ->
# json_extract (explode) -> file, through the real binary and plugins. Every
# output record must equal tests/fixtures/jolokia/expected_extract.txt.
# tests/fixtures/jolokia/pipeline.conf is the reference config; it is run
# once at start (run_interval dropped); its memory buffer flushes each
# write at once.
set -euo pipefail
ferry=$1 plugins=$2 fixtures=$3
work=$(mktemp -d)
trap 'kill -TERM "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$fixtures/kafka_server_read.json" "$work/"
sed -e '/run_interval/d' "$fixtures/pipeline.conf" > "$work/fluent.conf"
mkdir "$work/out"
(cd "$work" && OUT_DIR="$work/out" exec "$ferry" -c fluent.conf -p "$plugins" > ferry.log 2>&1) &
pid=$!
want=$(wc -l < "$fixtures/expected_extract.txt")
for _ in $(seq 1 200); do
  got=$({ cat "$work"/out/metrics*.log 2>/dev/null || true; } | wc -l)
  [ "$got" -ge "$want" ] && break
  sleep 0.1
done
kill -TERM "$pid"; wait "$pid" || { echo "ferry exited with $?"; cat "$work/ferry.log"; exit 1; }
# out_file lines are time<TAB>tag<TAB>json; compare the records.
cut -f3- "$work"/out/metrics*.log > "$work/records.txt"
if ! diff -u "$fixtures/expected_extract.txt" "$work/records.txt" > "$work/diff.txt"; then
  head -40 "$work/diff.txt"; echo "--- ferry log"; tail -20 "$work/ferry.log"; exit 1
fi
# out_file with a <buffer> but no timekey warns about its default timekey,
# as Fluentd does.
if grep -E '\[(warn|error)\]' "$work/ferry.log" | grep -v 'default timekey interval'; then
  echo "unexpected warnings"; exit 1
fi
echo "jolokia pipeline: $want records as expected"
