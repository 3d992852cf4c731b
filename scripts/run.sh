#!/usr/bin/env bash
# README command 1: install, build and run Ferry on the default config
# (conf/ferry.conf: needs no outside server). Extra arguments go to ferry.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build/bin/ferry -c conf/ferry.conf "$@"
