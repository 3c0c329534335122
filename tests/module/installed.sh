#!/usr/bin/env bash
# The installed copy, as an embedder meets it: `cmake --install` into a
# prefix, the prefix moved elsewhere (provisio finds its runtime beside
# itself, not in a build or source tree), two modules built from it and a
# C program linked with plain `cc`; a failed build leaves nothing behind.
# Usage: installed.sh BUILD_DIR ROOT
set -uo pipefail
build=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $1"; [ -f "$tmp/err" ] && cat "$tmp/err"; failures=$((failures + 1)); }

cmake --install "$build" --prefix "$tmp/staged" > "$tmp/err" 2>&1 || fail install
for f in bin/provisio lib/libprovisio_runtime.a include/provisio/runtime.h; do
  [ -f "$tmp/staged/$f" ] || fail "installed $f"
done
mv "$tmp/staged" "$tmp/prefix"
bin="$tmp/prefix/bin/provisio"

out="$tmp/modules"
for policy in qingyang-2023 xingan-2023; do
  (cd / && "$bin" build "$root/policies/$policy.prv" -o "$out") > "$tmp/out" 2> "$tmp/err" || fail "build $policy"
done
[ -L "$out/libqingyang-2023.so" ] && [ -f "$out/libqingyang-2023.so.3" ] || fail "lib<policy>.so links to lib<policy>.so.3"
readelf -d "$out/libqingyang-2023.so.3" | grep -q 'SONAME.*\[libqingyang-2023.so.3\]' || fail soname

# A sanitizer build's runtime is instrumented: the embedding program must be too.
san=""
# (grep -c reads all of nm: with pipefail, grep -q would fail the pipe.)
[ "$(nm "$tmp/prefix/lib/libprovisio_runtime.a" | grep -c __asan_)" -gt 0 ] && san="-fsanitize=address,undefined"
if cc -std=c11 -Wall -Werror $san -o "$tmp/two" "$root/tests/module/two_modules.c" -I"$out" -L"$out" \
     -lqingyang-2023 -lxingan-2023 -L"$tmp/prefix/lib" -lprovisio_runtime -Wl,-rpath,"$out" 2> "$tmp/err"; then
  "$tmp/two" || fail "two modules in one program"
else
  fail "cc two_modules.c"
fi

# No partial output: a policy that does not compile, and a linker that cannot be run.
printf 'policy broken-2023 "x" source "y"\nprovision p {\n' > "$tmp/broken.prv"
"$bin" build "$tmp/broken.prv" -o "$tmp/none" > /dev/null 2>&1 && fail "a broken policy builds"
[ ! -e "$tmp/none" ] || [ -z "$(ls -A "$tmp/none")" ] || fail "a broken policy left files"
mkdir "$tmp/nocc"
PATH=/nonexistent "$bin" build "$root/policies/qingyang-2023.prv" -o "$tmp/nocc" > /dev/null 2> "$tmp/err" && fail "built without cc"
grep -q 'BuildFailed' "$tmp/err" || fail "no BuildFailed without cc"
[ -z "$(ls -A "$tmp/nocc")" ] || { ls -A "$tmp/nocc"; fail "a failed link left files"; }
rm -f "$tmp/err"

[ $failures -eq 0 ] && echo "installed copy: all checks passed"
exit $((failures > 0))
