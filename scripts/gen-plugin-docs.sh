#!/usr/bin/env bash
# Regenerates docs/plugins/reference/<plugin>.md from each built plugin's
# parameter table (`ferry plugins describe NAME --markdown`), the same table
# the loader validates with. Usage: scripts/gen-plugin-docs.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-docs/plugins/reference}
mkdir -p "$out"
for so in "$build"/lib/ferry/plugins/*.so; do
  name=$(basename "$so" .so)
  "$build/bin/ferry" plugins describe "$name" --markdown -p "$build/lib/ferry/plugins" > "$out/$name.md"
done
