#!/usr/bin/env bash
# README command one: build, then the main job — every provision of the
# five seed policies over the bundled sample applicants — and the policy
# list published from the same rules (build/site, with its 一卡通 PDF).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
./build/provisio summary policies/*.prv --facts examples/applicants.jsonl
./build/provisio doc policies/*.prv -o build/site --pdf
