#!/usr/bin/env bash
# `provisio`, except that `build` compiles a copy of the policy whose 5.5%
# ceilings read 50%: the differential test must tell that module apart.
# Usage: changed_build.sh PROVISIO ARGS…
set -euo pipefail
bin=$1; shift
if [ "$1" != build ]; then exec "$bin" "$@"; fi
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$(dirname "$2")"/. "$copy"/
sed -i 's/5\.5%/50%/' "$copy/$(basename "$2")"
policy="$copy/$(basename "$2")"
shift 2
"$bin" build "$policy" "$@"
