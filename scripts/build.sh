#!/usr/bin/env bash
# Installs the Debian packages Ferry needs, then configures and builds it in
# ./build (Release-ish, warnings as errors).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
