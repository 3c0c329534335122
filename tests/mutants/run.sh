#!/usr/bin/env bash
# provisio test --mutants on tests/mutants/policy.prv, its mutants counted
# by hand: the limit 30 (29, 31), `<=` → `<`, 3 and 5 of `level in 3 .. 5`
# (2, 4; 4, 6), `>=` → `>` and `<=` → `<` there, 1000元 (999.99, 1000.01),
# each condition negated and dropped, the window's start and end ±1 day: 19.
# 5 → 6 is equivalent (level is declared 1 .. 5). cases/ tells every other
# apart but the four window mutants: 14 killed, 4 survived, 77.7%.
# boundaries/ adds the window's first and last days and those beside them:
# 18 killed, 100.0%.
# usage: run.sh PROVISIO SOURCE_DIR
set -u
bin=$1 here=$2/tests/mutants
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1: $3"; failures=$((failures + 1)); fi; }

"$bin" test "$here/policy.prv" "$here/cases" --mutants --mutants-min 100 --junit "$tmp/junit.xml" \
  --mutants-json "$tmp/mutants.json" > "$tmp/out" 2>&1
code=$?
grep -q "mutants: 19 made, 14 killed, 4 survived, 1 equivalent, 0 in provisions no case runs; score 77.7%" "$tmp/out" &&
  [ "$(grep -c '^  survived   .*policy.prv:17:11: window' "$tmp/out")" = 4 ] &&
  grep -q 'equivalent .*policy.prv:20:37: 5 → 6 (mut-2023.p): unit.level is declared 1 .. 5' "$tmp/out" &&
  grep -q "the mutation score is below the required 100%" "$tmp/out" && [ "$code" = 1 ]
check "cases/: 19 mutants, 14 killed, the 4 window mutants survive, 5 → 6 equivalent; --mutants-min 100 fails" $? \
  "exit $code: $(cat "$tmp/out")"
grep -q '<testcase classname="mut-2023" name="mutants"' "$tmp/junit.xml" &&
  grep -q 'survived .*window start 2023-01-01 → 2022-12-31' "$tmp/junit.xml"
check "JUnit: the survivors are failures of a mutants test case" $? "$(cat "$tmp/junit.xml")"
grep -q 'window start 2023-01-01 → 2022-12-31 (mut-2023.p); nearest case: art1_30_staff (application.date 2023-06-01, 151 days from the edge)' "$tmp/out"
check "a window mutant's nearest case: the one dated nearest its edge (2023-06-01, 151 days after 2023-01-01)" $? "$(cat "$tmp/out")"
"$bin" test "$here/policy.prv" "$here/cases" --mutants --filter art1_30_staff > "$tmp/one" 2>&1
grep -q 'policy.prv:15:20: 30 → 31 (mut-2023.p); nearest case: art1_30_staff reaches it, its outcome unchanged' "$tmp/one"
check "with the 30-staff case alone, 30 → 31 survives and that case is named as reaching it" $? "$(cat "$tmp/one")"
python3 - "$tmp/mutants.json" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
fates = sorted(m["fate"] for m in d["mutants"])
assert (d["made"], d["killed"], d["survived"], d["equivalent"], d["score"]) == (19, 14, 4, 1, 77.7), d
assert fates.count("survived") == 4 and all(m["at"].endswith(":17:11") for m in d["mutants"] if m["fate"] == "survived"), d
PY
check "--mutants-json: every mutant with its place and fate" $? "$(cat "$tmp/mutants.json")"

"$bin" test "$here/policy.prv" "$here/boundaries" --mutants-min 100 > "$tmp/out" 2>&1
code=$?
grep -q "mutants: 19 made, 18 killed, 0 survived, 1 equivalent, 0 in provisions no case runs; score 100.0%" "$tmp/out" && [ "$code" = 0 ]
check "boundaries/: every mutant told apart but the equivalent one" $? "exit $code: $(cat "$tmp/out")"

"$bin" test "$here/policy.prv" "$here/cases" --mutants --mutants-json /dev/full > "$tmp/out" 2>&1
[ $? = 3 ] && grep -q "cannot write the mutants file" "$tmp/out"
check "an unwritable --mutants-json is exit 3 [MutantsUnwritable]" $? "$(cat "$tmp/out")"

echo "$failures failure(s)"
[ "$failures" = 0 ]
