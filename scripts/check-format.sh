#!/usr/bin/env bash
# Fails when a tracked C/C++ source differs from .clang-format's style.
# Fix with: git ls-files '*.c' '*.h' '*.cpp' '*.hpp' | grep -v -e tests/compat/cases/ -e tests/fixtures/ | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.c' '*.h' '*.cpp' '*.hpp' | grep -v -e '^tests/compat/cases/' -e '^tests/fixtures/' |
  xargs clang-format --dry-run --Werror
echo "all sources match .clang-format"
