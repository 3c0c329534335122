#!/usr/bin/env bash
# Input and output a data system can trust: every write checked, signals
# stop at a record boundary, `use` stays under the policy roots, memory
# stays flat in a batch, JUnit is well-formed. usage: io.sh PROVISIO REPO_ROOT
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
policy=$root/policies/qingyang-2023.prv
id=qingyang-2023.internship_subsidy
tmp=$(mktemp -d)
background=()
cleanup() {
  for p in "${background[@]}"; do kill "$p" 2> /dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
# check NAME WANT_EXIT GOT_EXIT [FILE PATTERN]: the exit code, and a fixed string in FILE.
check() {
  if [ "$2" != "$3" ]; then fail "$1: exit $3, expected $2"; [ $# -ge 4 ] && cat "$4"; return; fi
  if [ $# -ge 5 ] && [ -n "$5" ] && ! grep -qF -- "$5" "$4"; then fail "$1: $4 lacks '$5':"; cat "$4"; return; fi
  pass
}

good='{"application":{"date":"2023-06-01"},"person":{"birth_date":"2000-03-15","college_graduate":true,"graduation_date":"2022-07-01","employed_since_graduation":false},"internship":{"months":6,"unit_retention_rate":"55%"}}'
echo "$good" > "$tmp/good.json"
for i in $(seq 1 3); do echo "$good"; done > "$tmp/three.jsonl"

# --- Every write is checked: a full disk or a closed stdout is exit 3, never 0.
"$bin" eval "$policy" --provision $id --facts "$tmp/good.json" > /dev/full 2> "$tmp/err"
check full_single 3 $? "$tmp/err" "cannot write the output: No space left on device (after 0 complete records) [OutputFailed]"
"$bin" eval "$policy" --provision $id --facts "$tmp/three.jsonl" > /dev/full 2> "$tmp/err"
check full_batch 3 $? "$tmp/err" "cannot write the output: No space left on device"
"$bin" eval "$policy" --provision $id --facts "$tmp/three.jsonl" >&- 2> "$tmp/err"
check closed_stdout 3 $? "$tmp/err" "cannot write the output: Bad file descriptor"
"$bin" test "$policy" "$root/tests/golden/qingyang-2023" > /dev/full 2> "$tmp/err"
check full_test 3 $? "$tmp/err" "cannot write the output"
"$bin" summary "$policy" --facts "$root/examples/applicants.jsonl" > /dev/full 2> "$tmp/err"
check full_summary 3 $? "$tmp/err" "cannot write the output"
"$bin" --version > /dev/full 2> "$tmp/err"
check full_version 3 $? "$tmp/err" "cannot write the output"
"$bin" test "$policy" "$root/tests/golden/qingyang-2023" --junit "$tmp/no/such/folder/j.xml" > "$tmp/out" 2> "$tmp/err"
check junit_unwritable 3 $? "$tmp/err" "cannot write JUnit file \`$tmp/no/such/folder/j.xml\`: No such file or directory [JUnitUnwritable]"
# A reader that goes away: the broken pipe is reported, not a silent death.
for i in $(seq 1 20000); do echo "$good"; done > "$tmp/many.jsonl"
"$bin" eval "$policy" --provision $id --facts "$tmp/many.jsonl" 2> "$tmp/err" | head -1 > /dev/null
check broken_pipe 3 "${PIPESTATUS[0]}" "$tmp/err" "cannot write the output: Broken pipe"

"$bin" --version > "$tmp/out"
check version 0 $? "$tmp/out" "(LLVM 19."

# --- SIGTERM / SIGINT mid-batch: the output ends at a record boundary, and says so.
python3 - "$tmp" "$good" << 'PY'
import sys
tmp, good = sys.argv[1], sys.argv[2]
with open(f"{tmp}/first.jsonl", "w") as f:
    f.write((good + "\n") * 40000)
PY
for sig in TERM INT; do
  mkfifo "$tmp/fifo-$sig"
  # The writer sends 40000 records, then stalls: provisio waits for more.
  (cat "$tmp/first.jsonl"; sleep 60) > "$tmp/fifo-$sig" &
  writer=$!
  background+=("$writer")
  "$bin" eval "$policy" --provision $id --facts "$tmp/fifo-$sig" --jobs 2 > "$tmp/sig.out" 2> "$tmp/sig.err" &
  pid=$!
  for _ in $(seq 1 100); do
    [ "$(wc -l < "$tmp/sig.out")" -ge 32768 ] && break
    sleep 0.1
  done
  sleep 0.3
  kill -s $sig $pid
  wait $pid
  status=$?
  want=$([ $sig = TERM ] && echo 143 || echo 130)
  check "signal_$sig" "$want" $status "$tmp/sig.err" "interrupted by SIG$sig after input line 40000: the output ends after record 40000, the rest was not evaluated [Interrupted]"
  lines=$(wc -l < "$tmp/sig.out")
  last=$(tail -c 1 "$tmp/sig.out" | od -An -c | tr -d ' ')
  if [ "$lines" = 40000 ] && [ "$last" = '\n' ] && [ "$(grep -c '^{"eligible":true,"monthly_amount":1200.00,"amount":7200.00}$' "$tmp/sig.out")" = 40000 ]; then
    pass
  else
    fail "signal_$sig: output is not 40000 whole lines ($lines lines, last byte $last)"
  fi
  kill "$writer" 2> /dev/null
  pkill -P "$writer" sleep 2> /dev/null
done

# --- A record longer than 16 MiB is an error for its line; the next line is read.
python3 -c "import sys; sys.stdout.write('{\"note\":\"' + 'x' * (17 << 20) + '\"}\n' + sys.argv[1] + '\n')" "$good" > "$tmp/long.jsonl"
"$bin" eval "$policy" --provision $id --facts "$tmp/long.jsonl" > "$tmp/out" 2> "$tmp/err"
check overlong_line 2 $? "$tmp/out" '{"line":1,"error":"malformed facts: the record is longer than 16 MiB"}'
sed -n 2p "$tmp/out" | grep -qF '"amount":7200.00' && pass || fail "overlong_line: line 2 not evaluated"

# --- Memory stays flat in N, whatever the text values (distinct occupations).
records() {  # records N FILE: N records of 技能提升补贴 with distinct occupations
  python3 -c "
import sys
n = int(sys.argv[1])
with open(sys.argv[2], 'w') as f:
    for i in range(n):
        f.write('{\"application\":{\"date\":\"2023-06-01\"},\"person\":{\"ui_contribution_months\":12,\"receiving_ui_benefit\":false},'
                '\"certificate\":{\"kind\":\"skill_level\",\"level\":4,\"occupation\":\"工种%08d-%s\"},\"claims\":[]}\n' % (i, 'x' * 40))
" "$1" "$2"
}
max_rss_kb() {  # the peak resident memory of a batch over FILE
  python3 -c "
import resource, subprocess, sys
subprocess.run([sys.argv[1], 'eval', sys.argv[2], '--provision', 'qingyang-2023.skill_upgrade_subsidy', '--facts', sys.argv[3], '--jobs', '1'],
               stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)" "$bin" "$policy" "$1"
}
# Under AddressSanitizer freed memory is quarantined, so peak memory says nothing there.
if nm "$(dirname "$bin")/lib/libprovisio_runtime.a" 2> /dev/null | grep -q __asan_; then
  echo "memory: not measured in a sanitizer build (the release build measures it)"
else
  records 40000 "$tmp/small.jsonl"
  records 600000 "$tmp/large.jsonl"
  small=$(max_rss_kb "$tmp/small.jsonl")
  large=$(max_rss_kb "$tmp/large.jsonl")
  # 15x the records; before, each distinct occupation stayed interned (≈ +130 MB here).
  if [ $((large - small)) -lt 16384 ]; then pass; else fail "memory grows with distinct text values: ${small} kB for 40k records, ${large} kB for 600k"; fi
fi

# --- `use` reads only regular files under the policy roots, and quotes nothing of what it refuses.
mkdir -p "$tmp/roots/pol" "$tmp/roots/shared" "$tmp/roots/pol/folder.prv"
header='policy t-2023 "t"
  effective 2023-01-01 .. 2023-12-31'
printf '%s\n' "$header" > "$tmp/roots/shared/lib.prv"
ln -s /etc/passwd "$tmp/roots/pol/passwd.prv"
ln -s /dev/zero "$tmp/roots/pol/zero.prv"
ln -s ../shared/lib.prv "$tmp/roots/pol/lib-link.prv"
mkfifo "$tmp/roots/pol/fifo.prv"
use_check() {  # use_check NAME USE-PATH EXIT PATTERN [--policy-path DIR]
  printf '%s\nuse "%s"\n' "$header" "$2" > "$tmp/roots/pol/main.prv"
  for json in "" --json; do
    timeout 20 "$bin" check $json "$tmp/roots/pol/main.prv" "${@:5}" > "$tmp/out" 2>&1
    check "use_$1$json" "$3" $? "$tmp/out" "$4"
    if grep -q 'root:' "$tmp/out"; then fail "use_$1$json: the refused file's content is shown"; fi
  done
}
use_check symlink_out passwd.prv 1 'is outside the policy roots'
use_check symlink_device zero.prv 1 'is outside the policy roots'
use_check fifo fifo.prv 1 'is not a policy file: it is not a regular file'
use_check folder folder.prv 1 'is not a policy file: it is a folder'
use_check sibling_without_path ../shared/lib.prv 1 'is outside the policy roots'
use_check symlink_to_sibling lib-link.prv 1 'is outside the policy roots'
use_check sibling_with_path ../shared/lib.prv 0 '' --policy-path "$tmp/roots/shared"
: > "$tmp/empty.prv"
"$bin" build "$tmp/empty.prv" -o "$tmp/empty-out" > "$tmp/out" 2>&1
check build_empty_policy 1 $? "$tmp/out" "is not a policy file: it is empty"
[ -e "$tmp/empty-out/lib.so" ] && fail "build_empty_policy: lib.so written" || pass
"$bin" build "$policy" -o /dev/full/lib > "$tmp/out" 2>&1
check build_unwritable 3 $? "$tmp/out" "cannot make the folder \`/dev/full/lib\`: Not a directory [BuildFailed]"
"$bin" check "$tmp/roots" > "$tmp/out" 2>&1
check check_folder 1 $? "$tmp/out" "is not a policy file: it is a folder"

# --- JUnit is well-formed for any case name, and a malformed suite still writes one.
cat > "$tmp/names.json" << 'JSON'
{"provision": "qingyang-2023.internship_subsidy",
 "base": {"application": {"date": "2023-06-01"}, "person": {"birth_date": "2000-03-15", "college_graduate": true,
          "graduation_date": "2022-07-01", "employed_since_graduation": false},
          "internship": {"months": 6, "unit_retention_rate": "55%"}},
 "cases": [
  {"name": "art2_2_12_ctrl_\u0001_bell_\u0007_emoji_\ud83d\ude00_<&>\"", "article": "二(二)12", "expect": {"amount": "7200.00"}},
  {"name": "art2_2_12_wrong_\ufffe", "article": "二(二)12", "expect": {"amount": "1.00"}}]}
JSON
"$bin" test "$policy" "$tmp/names.json" --junit "$tmp/names.xml" > "$tmp/out" 2>&1
check junit_names 1 $? "$tmp/out" "1 passed, 1 failed"
xmllint --noout --schema "$root/tests/cli/junit-4.xsd" "$tmp/names.xml" > "$tmp/out" 2>&1
check junit_names_valid 0 $? "$tmp/out" "validates"
grep -qF 'name="art2_2_12_ctrl_\u0001_bell_\u0007_emoji_😀_&lt;&amp;&gt;&quot;"' "$tmp/names.xml" && pass || { fail "junit_names: name not kept"; cat "$tmp/names.xml"; }
printf '{"cases": [{"name": "x\\uZZZZ"}]}' > "$tmp/broken.json"
"$bin" test "$policy" "$tmp/broken.json" --junit "$tmp/broken.xml" > "$tmp/out" 2>&1
check junit_malformed 2 $? "$tmp/out" "malformed suite"
xmllint --noout --schema "$root/tests/cli/junit-4.xsd" "$tmp/broken.xml" > "$tmp/out" 2>&1
check junit_malformed_valid 0 $? "$tmp/out" "validates"
grep -qF '<error message="' "$tmp/broken.xml" && pass || fail "junit_malformed: no <error>"
"$bin" test "$policy" "$root/tests/golden/qingyang-2023" --junit "$tmp/golden.xml" > /dev/null 2>&1
xmllint --noout --schema "$root/tests/cli/junit-4.xsd" "$tmp/golden.xml" > "$tmp/out" 2>&1
check junit_golden_valid 0 $? "$tmp/out" "validates"

echo "$passes passed, $failures failed"
[ $failures -eq 0 ]
