#!/usr/bin/env bash
# README command two: build, then run every test under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
ctest --test-dir build --output-on-failure -j2
