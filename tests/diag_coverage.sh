#!/usr/bin/env bash
# Every diagnostic kind in the registry appears in some test file (the
# bad-policy corpus names the ids it expects); notes are exempt, being
# attached to other diagnostics. usage: diag_coverage.sh REPO_ROOT
set -u
root=$1
# NativeCodeFailed: only an LLVM failure, which no input can cause; FormatFailed
# likewise guards the formatter against itself.
exempt=" NoteOtherBound NotePreviousDefinition NoteEarlierCondition NativeCodeFailed FormatFailed "
missing=0
for id in $(grep -oE '^DIAG\(\w+' "$root/compiler/diag/kinds.def" | sed 's/DIAG(//'); do
  case "$exempt" in *" $id "*) continue ;; esac
  if ! grep -rqw --include='*.prv' --include='*.cpp' --include='*.sh' --include='*.case' --include='*.py' "$id" "$root/tests"; then
    echo "diagnostic $id appears in no test"
    missing=$((missing + 1))
  fi
done
[ $missing -eq 0 ] && echo "every diagnostic kind is tested"
[ $missing -eq 0 ]
