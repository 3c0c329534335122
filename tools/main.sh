#!/usr/bin/env bash
# README command one: build, then the main job — every provision of the
# five seed policies over the bundled sample applicants.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
./build/provisio summary policies/*.prv --facts examples/applicants.jsonl
