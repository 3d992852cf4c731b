#!/usr/bin/env bash
# README command 2: install, build and run the whole test suite (unit,
# integration, compat). Benchmarks (label `bench`) are not part of it; run
# them with: ctest --test-dir build -L bench --verbose
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -LE bench -j "$(nproc)" --timeout 300
