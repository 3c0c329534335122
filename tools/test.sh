#!/usr/bin/env bash
# README command two: every test.
#  1. the release build and all its tests (unit, check corpus, golden suites with coverage, CLI);
#  2. the same tests under AddressSanitizer + UBSan (build-asan/);
#  3. a short libFuzzer run of each fuzz target, built with clang (build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
ctest --test-dir build --output-on-failure -j2

echo "== sanitizers (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVISIO_SANITIZE=ON > /dev/null
ninja -C build-asan
ctest --test-dir build-asan --output-on-failure -j2

echo "== fuzzing (short run)"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVISIO_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 > /dev/null
ninja -C build-fuzz frontend_fuzzer facts_fuzzer lsp_fuzzer
ctest --test-dir build-fuzz --output-on-failure -L fuzz -j2
