#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/
# and runs each for SECONDS (default 60) on a copy of its committed corpus.
# usage: tools/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash tools/deps.sh
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVISIO_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 > build-fuzz.log 2>&1 || { cat build-fuzz.log; exit 1; }
rm -f build-fuzz.log
ninja -C build-fuzz frontend_fuzzer facts_fuzzer lsp_fuzzer
for target in frontend facts lsp; do
  work=$(mktemp -d)
  cp fuzz/corpus/$target/* "$work/" 2>/dev/null || true
  echo "fuzzing $target for ${seconds}s"
  ./build-fuzz/fuzz/${target}_fuzzer -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 "$work" 2>&1 | grep -E "^(stat::number_of_executed_units|Done|==.*ERROR|SUMMARY)" || true
  ./build-fuzz/fuzz/${target}_fuzzer -runs=0 "$work" > /dev/null 2>&1  # the corpus replays clean
  rm -rf "$work"
done
