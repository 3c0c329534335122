#!/usr/bin/env bash
# Installs the Debian packages Provisio builds with, when any is missing.
set -euo pipefail
packages=(g++ cmake ninja-build lld default-jre-headless antlr4 libantlr4-runtime-dev uuid-dev
          libfmt-dev doctest-dev llvm-19-dev libzstd-dev libcli11-dev
          clang-19 libclang-rt-19-dev libbenchmark-dev
          python3 python3-jsonschema libxml2-utils
          postgresql-15 postgresql-server-dev-15
          chromium fonts-noto-cjk poppler-utils neovim)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
