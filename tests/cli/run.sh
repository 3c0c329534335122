#!/usr/bin/env bash
# The command-line contract (README, "The command line"): exit codes, stdout, stderr.
# usage: run.sh PROVISIO REPO_ROOT
set -u
bin=$1
root=$2
policy=$root/policies/qingyang-2023.prv
id=qingyang-2023.internship_subsidy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0

expect() {  # expect NAME WANT_EXIT GOT_EXIT [grep-pattern file]
  local name=$1 want=$2 got=$3
  if [ "$want" != "$got" ]; then
    echo "FAIL $name: exit $got, expected $want"; failures=$((failures + 1)); return
  fi
  if [ $# -ge 5 ] && ! grep -q -- "$4" "$5"; then
    echo "FAIL $name: output lacks '$4':"; cat "$5"; failures=$((failures + 1)); return
  fi
  passes=$((passes + 1))
}

good='{"application":{"date":"2023-06-01"},"person":{"birth_date":"2000-03-15","college_graduate":true,"graduation_date":"2022-07-01","employed_since_graduation":false},"internship":{"months":6,"unit_retention_rate":"55%"}}'

# 二(二)12: 55% retention is the 1200.00 band; 6 months → 7200.00.
echo "$good" > "$tmp/good.json"
"$bin" eval "$policy" --provision $id --facts "$tmp/good.json" > "$tmp/out" 2> "$tmp/err"
expect single_ok 0 $? '"amount":7200.00' "$tmp/out"
grep -q '"monthly_amount":1200.00' "$tmp/out" || { echo "FAIL single_ok monthly"; failures=$((failures + 1)); }

# stdin
echo "$good" | "$bin" eval "$policy" --provision $id --facts - > "$tmp/out" 2>&1
expect stdin_ok 0 $? '"eligible":true' "$tmp/out"

# A missing fact: exit 2, named on stderr, nothing on stdout.
echo '{"application":{"date":"2023-06-01"},"person":{"college_graduate":false,"employed_since_graduation":false},"internship":{"months":6,"unit_retention_rate":0.5}}' > "$tmp/missing.json"
"$bin" eval "$policy" --provision $id --facts "$tmp/missing.json" > "$tmp/out" 2> "$tmp/err"
expect missing_fact 2 $? 'person.birth_date' "$tmp/err"
[ -s "$tmp/out" ] && { echo "FAIL missing_fact: stdout not empty"; failures=$((failures + 1)); }

# An impossible date names the fact.
sed 's/2000-03-15/2001-02-29/' "$tmp/good.json" > "$tmp/baddate.json"
"$bin" eval "$policy" --provision $id --facts "$tmp/baddate.json" > "$tmp/out" 2> "$tmp/err"
expect impossible_date 2 $? 'person.birth_date' "$tmp/err"

# A rate of the wrong type names the fact.
sed 's/"55%"/true/' "$tmp/good.json" > "$tmp/badtype.json"
"$bin" eval "$policy" --provision $id --facts "$tmp/badtype.json" > "$tmp/out" 2> "$tmp/err"
expect wrong_type 2 $? 'internship.unit_retention_rate' "$tmp/err"

# Batch: one line out per line in, the bad record reported with its line number.
{ echo "$good"; cat "$tmp/missing.json"; sed 's/"55%"/"70%"/' "$tmp/good.json"; } > "$tmp/batch.jsonl"
"$bin" eval "$policy" --provision $id --facts "$tmp/batch.jsonl" > "$tmp/out" 2> "$tmp/err"
expect batch_exit 2 $? '"line":2' "$tmp/out"
[ "$(wc -l < "$tmp/out")" = 3 ] || { echo "FAIL batch: expected 3 lines"; cat "$tmp/out"; failures=$((failures + 1)); }
sed -n 3p "$tmp/out" | grep -q '"amount":9000.00' || { echo "FAIL batch line 3"; failures=$((failures + 1)); }

# A batch split among threads keeps input order: every third of 90 lines is bad.
for i in $(seq 1 90); do if [ $((i % 3)) -eq 0 ]; then cat "$tmp/missing.json"; else echo "$good"; fi; done > "$tmp/ordered.jsonl"
"$bin" eval "$policy" --provision $id --facts "$tmp/ordered.jsonl" --jobs 4 > "$tmp/out" 2> "$tmp/err"
expect batch_threads_exit 2 $? '"line":90,' "$tmp/out"
[ "$(grep -c '"line"' "$tmp/out")" = 30 ] && [ "$(sed -n 3p "$tmp/out" | grep -c '"line":3,')" = 1 ] &&
  [ "$(sed -n 89p "$tmp/out" | grep -c '"amount":7200.00')" = 1 ] ||
  { echo "FAIL batch_threads order"; failures=$((failures + 1)); }

# Many chunks in flight among a pool of workers: still one line per record, in input order.
for i in $(seq 1 5000); do if [ $((i % 7)) -eq 0 ]; then cat "$tmp/missing.json"; else echo "$good"; fi; done > "$tmp/chunks.jsonl"
"$bin" eval "$policy" --provision $id --facts "$tmp/chunks.jsonl" --jobs 3 > "$tmp/out" 2> "$tmp/err"
expect batch_chunks_exit 2 $? '"line":4998,' "$tmp/out"
[ "$(wc -l < "$tmp/out")" = 5000 ] && [ "$(grep -c '"line"' "$tmp/out")" = 714 ] &&
  awk '/"line":/ { match($0, /"line":[0-9]+/); if (substr($0, RSTART + 7, RLENGTH - 7) != NR) bad = 1 } END { exit bad }' "$tmp/out" ||
  { echo "FAIL batch_chunks order"; failures=$((failures + 1)); }

# Unknown provision: exit 1 and the list of ids.
"$bin" eval "$policy" --provision qingyang-2023.nope --facts "$tmp/good.json" > "$tmp/out" 2> "$tmp/err"
expect unknown_provision 1 $? 'qingyang-2023.internship_subsidy' "$tmp/err"

# check: clean policy 0; a broken one 1 with file:line:col and a caret.
"$bin" check "$policy" > "$tmp/out" 2> "$tmp/err"
expect check_clean 0 $?
printf 'policy t-1 "t"\n  effective 2023-01-01 .. 2023-12-31\nprovision p "p"\n  cite "1"\n  output amount: money = 5%% + 1元\n' > "$tmp/bad.prv"
"$bin" check "$tmp/bad.prv" > "$tmp/out" 2> "$tmp/err"
expect check_errors 1 $? 'bad.prv:5:26: error: cannot add rate and money \[UnitMismatch\]' "$tmp/err"
grep -q '\^~~~~~~~' "$tmp/err" || { echo "FAIL check caret"; cat "$tmp/err"; failures=$((failures + 1)); }

# check --json: one object per diagnostic, for CI.
"$bin" check --json "$tmp/bad.prv" > "$tmp/out" 2> "$tmp/err"
expect check_json 1 $? '"line":5,"column":26,"level":"error","id":"UnitMismatch","message":"cannot add rate and money"' "$tmp/out"

# A missing file is an error, not a crash.
"$bin" check "$tmp/nope.prv" > "$tmp/out" 2> "$tmp/err"
expect check_missing_file 1 $? 'cannot read file' "$tmp/err"

# Bad facts and failing arithmetic: exit 2, stderr names the fact or the place.
bad_record() {  # bad_record NAME PROVISION JSON PATTERN
  printf '%s' "$3" > "$tmp/$1.json"
  "$bin" eval "$policy" --provision "qingyang-2023.$2" --facts "$tmp/$1.json" > "$tmp/out" 2> "$tmp/err"
  expect "$1" 2 $? "$4" "$tmp/err"
}
# Money arithmetic that would overflow is an error naming the place, never a wrapped number.
bad_record money_overflow labor_export_reward \
  '{"application":{"date":"2023-06-01"},"agency":{"placed_6m_contract":46116860184273880}}' \
  'too large to hold exactly (multiply in qingyang-2023.labor_export_reward at .*qingyang-2023.prv:'
bad_record money_fact_too_large job_retention_refund \
  '{"application":{"date":"2023-06-01"},"enterprise":{"ui_insured":true,"avg_monthly_insured_prior_year":10,"layoffs_prior_year":0,"size":"large","org_type":"company","ui_premium_paid_prior_year":"99999999999999999999.00"}}' \
  'fact enterprise.ui_premium_paid_prior_year: expected an amount small enough'
bad_record negative_count labor_export_reward \
  '{"application":{"date":"2023-06-01"},"agency":{"placed_6m_contract":-3}}' \
  'fact agency.placed_6m_contract: expected a whole number of at least 0, found -3'
bad_record malformed_json labor_export_reward '{"application": {"date": "2023-06-01"' 'malformed facts'

# test: a wrong expectation fails with a readable diff (exit 1).
"$bin" test "$policy" "$root/tests/cli/data/wrong_expectation.json" > "$tmp/out" 2> "$tmp/err"
expect test_wrong_expectation 1 $? 'FAIL art2_2_12_wrong \[二(二)12\].*monthly_amount: expected 1350.00, got 1200.00; amount: expected 8100.00, got 7200.00' "$tmp/out"
grep -q '^1 passed, 1 failed$' "$tmp/out" || { echo "FAIL test summary line"; failures=$((failures + 1)); }
grep -q '✓ 离校2年内未就业高校毕业生或16-24岁登记失业青年' "$tmp/out" || { echo "FAIL test conditions"; cat "$tmp/out"; failures=$((failures + 1)); }

# test: a case naming an unknown output makes the suite malformed (exit 2).
"$bin" test "$policy" "$root/tests/cli/data/unknown_output.json" > "$tmp/out" 2> "$tmp/err"
expect test_unknown_output 2 $? 'has no output `amout`' "$tmp/err"

# test --filter and --junit.
"$bin" test "$policy" "$root/tests/cli/data/wrong_expectation.json" --filter right --junit "$tmp/junit.xml" > "$tmp/out" 2>&1
expect test_filter 0 $? '^1 passed, 0 failed$' "$tmp/out"
grep -q '<testcase classname="qingyang-2023.internship_subsidy" name="art2_2_12_right"' "$tmp/junit.xml" || { echo "FAIL junit"; failures=$((failures + 1)); }

# coverage names the untested branches and fails below the minimum.
"$bin" test "$policy" "$root/tests/cli/data/eligible_only.json" --coverage-min 90 > "$tmp/out" 2>&1
expect coverage_untested 1 $? 'condition never false: graduate' "$tmp/out"
grep -q 'tier band never landed in: below 50%' "$tmp/out" || { echo "FAIL coverage band"; cat "$tmp/out"; failures=$((failures + 1)); }
# By hand: 11 conditions counted both ways (the rule's `or`; inside the lets
# graduate: 2 `and`s and its 3 operands; youth: its `and`, the age range,
# registered: its `and` and 2 operands) = 22, plus 4 bands. The one
# graduate case makes the `or`, both `and`s, 2 operands true and
# employed_since_graduation false (6), and lands in one band: 7/26.
grep -q 'qingyang-2023.internship_subsidy .* 26.9%  (7/26)' "$tmp/out" || { echo "FAIL coverage figure"; cat "$tmp/out"; failures=$((failures + 1)); }

# --coverage-json: the same figures per provision and point, for dashboards (7/26 as counted above:
# 11 condition points and 4 bands; the two operands of registered were never reached).
"$bin" test "$policy" "$root/tests/cli/data/eligible_only.json" --coverage-json "$tmp/coverage.json" > "$tmp/out" 2>&1
expect coverage_json 0 $? '1 passed' "$tmp/out"
band_line=$(grep -n '50% ..< 60%' "$policy" | head -1 | cut -d: -f1)  # where the band is written
/usr/bin/python3 - "$tmp/coverage.json" "qingyang-2023.prv:$band_line:5" <<'PY' || { echo "FAIL coverage_json figures"; cat "$tmp/coverage.json"; failures=$((failures + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
p = next(p for p in d["provisions"] if p["provision"] == "qingyang-2023.internship_subsidy")
kinds = [x["kind"] for x in p["points"]]
assert (p["covered"], p["total"]) == (7, 26), p
assert kinds.count("condition") == 11 and kinds.count("band") == 4, kinds
band = next(x for x in p["points"] if x["kind"] == "band" and x["reached"])
assert band["text"].startswith("50% ..< 60%") and band["at"].endswith(sys.argv[2]), band
assert not any(x["made_false"] for x in p["points"] if x["text"] == "graduate or youth")
assert (d["covered"], d["total"]) == (7, 26) and d["percent"] == "26.9%", d
PY
"$bin" test "$policy" "$root/tests/cli/data/eligible_only.json" --coverage-json /dev/full > "$tmp/out" 2> "$tmp/err"
expect coverage_json_unwritable 3 $? 'cannot write the coverage file `/dev/full`: .* \[CoverageUnwritable\]' "$tmp/err"

# Coverage looks inside lets: `require ok: ok` with `let ok = a and b` counts as the inline `a and b`.
# By hand: 3 points (the `and`, honest, staff > 0) both ways = 6; the dishonest case never reaches
# staff > 0, so it is never false: 5/6.
for form in let inline; do
  "$bin" test "$root/tests/cli/data/coverage_$form.prv" "$root/tests/cli/data/coverage_cases.json" --coverage > "$tmp/out" 2>&1
  expect coverage_through_$form 0 $? 'cov-2023.refund .* 83.3%  (5/6)' "$tmp/out"
done

# Reformatting a policy does not change its coverage figures.
mkdir -p "$tmp/re/calendars" "$tmp/re/schema"
cp "$root/policies/calendars/cn-national.prv" "$tmp/re/calendars/"
cp "$root/policies/schema/employment.prv" "$tmp/re/schema/"
sed -e 's/^  /      /' -e 's/$/\n/' "$root/policies/nmg-2023.prv" > "$tmp/re/nmg-2023.prv"
"$bin" test "$root/policies/nmg-2023.prv" "$root/tests/golden/nmg-2023" --coverage | grep -E '%' > "$tmp/cov1"
"$bin" test "$tmp/re/nmg-2023.prv" "$root/tests/golden/nmg-2023" --coverage | grep -E '%' > "$tmp/cov2"
if cmp -s "$tmp/cov1" "$tmp/cov2" && [ -s "$tmp/cov1" ]; then passes=$((passes + 1)); else echo "FAIL coverage changed on reformatting"; diff "$tmp/cov1" "$tmp/cov2"; failures=$((failures + 1)); fi

# explain: the conditions as they came out, the tier band chosen, the outputs.
"$bin" explain "$policy" --provision $id --facts "$tmp/good.json" > "$tmp/out" 2> "$tmp/err"
expect explain 0 $? '→ tier band 50% ..< 60% => 1200元   (55%)   \[.*qingyang-2023.prv:' "$tmp/out"
grep -q '✓ graduate or youth' "$tmp/out" && grep -q '^  amount = 7200.00' "$tmp/out" &&
  grep -q '^    internship.unit_retention_rate = 55%$' "$tmp/out" && grep -q '^    monthly_amount = 1200.00 ' "$tmp/out" ||
  { echo "FAIL explain body"; cat "$tmp/out"; failures=$((failures + 1)); }

# build: a shared library and a C header that a C program embeds.
"$bin" build "$policy" -o "$tmp/lib" > "$tmp/out" 2> "$tmp/err"
expect build_library 0 $? 'libqingyang-2023.so' "$tmp/out"
# A sanitizer build's runtime is instrumented: the embedding program must be too.
san=""
nm "$(dirname "$bin")/lib/libprovisio_runtime.a" 2>/dev/null | grep -q __asan_ && san="-fsanitize=address,undefined"
# The module exports its provisions only; an embedder's own calls of the
# runtime's helpers (prv_date_parse, prv_money_format) link the runtime archive.
helpers="-L$(dirname "$bin")/lib -lprovisio_runtime"
if cc -std=c11 -Wall -Werror $san -o "$tmp/embed" "$root/tests/cli/embed.c" -I"$tmp/lib" -L"$tmp/lib" -lqingyang-2023 $helpers \
     -Wl,-rpath,"$tmp/lib" 2> "$tmp/err" && "$tmp/embed" > "$tmp/out"; then
  expect build_embedded 0 0 'status=0 monthly=1200.00 amount=7200.00' "$tmp/out"
else
  echo "FAIL build_embedded:"; cat "$tmp/err" "$tmp/out"; failures=$((failures + 1))
fi

# Every ground of a refusal through the C ABI: the rule states and the header's table.
"$bin" build "$root/policies/xingan-2023.prv" -o "$tmp/lib" > "$tmp/out" 2> "$tmp/err"
if cc -std=c11 -Wall -Werror $san -o "$tmp/grounds" "$root/tests/cli/embed_grounds.c" -I"$tmp/lib" -L"$tmp/lib" -lxingan-2023 $helpers \
     -Wl,-rpath,"$tmp/lib" 2> "$tmp/err" && "$tmp/grounds" > "$tmp/out"; then
  expect build_grounds 0 0 'status=1 failed=3 first=0' "$tmp/out"
  grep -q '^environmental: 第十条: 不符合当地环保政策$' "$tmp/out" || { echo "FAIL build_grounds table"; cat "$tmp/out"; failures=$((failures + 1)); }
else
  echo "FAIL build_grounds:"; cat "$tmp/err" "$tmp/out"; failures=$((failures + 1))
fi

# eval gives every ground at once, in the text's order, each with its article.
printf '%s\n' '{"application":{"date":"2023-06-01"},"enterprise":{"ui_insured":true,"avg_monthly_insured_prior_year":200,"layoffs_prior_year":12,"size":"large","org_type":"company","ui_premium_paid_prior_year":"100000.00","seriously_dishonest":true,"env_noncompliant":true,"has_corporate_account":true}}' > "$tmp/grounds.json"
"$bin" eval "$root/policies/xingan-2023.prv" --provision job_retention_refund --facts "$tmp/grounds.json" > "$tmp/out" 2> "$tmp/err"
expect eval_all_grounds 0 $? '"reasons":\["第十条: not met: 严重违法失信企业","第十条: not met: 不符合当地环保政策","第十条: not met: 裁员率不高于' "$tmp/out"

# explain shows the values each condition compared: 12 laid off of 200 is 6% > 5.5%, and every ground.
"$bin" explain "$root/policies/xingan-2023.prv" --provision job_retention_refund --facts "$tmp/grounds.json" > "$tmp/out" 2> "$tmp/err"
expect explain_values 0 $? '✗ layoff_rate <= layoff_rate_ceiling   (6% ≤ 5.5%)' "$tmp/out"
grep -q '^    layoff_rate = 6% ' "$tmp/out" && grep -q '^    ✗ environmental: 不符合当地环保政策 \[第十条\]$' "$tmp/out" &&
  [ "$(grep -A3 '^  not eligible:' "$tmp/out" | grep -c '第十条: not met')" = 3 ] ||
  { echo "FAIL explain_values body"; cat "$tmp/out"; failures=$((failures + 1)); }

# summary totals the money output it is told to (default `amount`).
"$bin" summary "$policy" --facts "$root/examples/applicants.jsonl" --total monthly_amount > "$tmp/out" 2> "$tmp/err"
expect summary_total 0 $? 'total monthly_amount' "$tmp/out"
grep -qE 'qingyang-2023.internship_subsidy +400 +[0-9]+ +0 +[0-9]+\.[0-9]{2}$' "$tmp/out" || { echo "FAIL summary_total row"; cat "$tmp/out"; failures=$((failures + 1)); }

# Past 64 bits, exact (by hand): 92233720368547758.07 × 30% = 27670116110564327.421 → .42;
# 10⁻⁹ + 10⁻⁹ × 10⁻⁹ = 0.000000001000000001; 10⁻²⁷ does not fit: an error, not a number.
wide="$root/tests/cli/data/wide.prv"
echo '{"application":{"date":"2023-06-01"},"unit":{"premium":"92233720368547758.07","share":"30%"}}' |
  "$bin" eval "$wide" --provision exact --facts - > "$tmp/out" 2>&1
expect wide_money 0 $? '"amount":27670116110564327.42,"share_sum":0.39}' "$tmp/out"
echo '{"application":{"date":"2023-06-01"},"unit":{"premium":"1.00","share":"0.000000001"}}' > "$tmp/fine.json"
"$bin" eval "$wide" --provision exact --facts "$tmp/fine.json" > "$tmp/out" 2>&1
expect wide_rate 0 $? '"share_sum":0.000000001000000001}' "$tmp/out"
"$bin" eval "$wide" --provision too_fine --facts "$tmp/fine.json" > "$tmp/out" 2>&1
expect wide_overflow 2 $? 'too large to hold exactly (multiply in wide-2023.too_fine' "$tmp/out"

# The JIT cache: a provision compiled once is loaded the next time; the
# answer is the same; a damaged entry is compiled again and replaced; none
# is kept with PROVISIO_CACHE=off; an unwritable cache costs time, not the run.
cache="$tmp/jit-cache"
tutorial="$root/examples/tutorial.prv" facts="$root/examples/tutorial-facts.json"
PROVISIO_CACHE_DIR="$cache" "$bin" eval "$tutorial" --provision tutorial-2023.internship --facts "$facts" > "$tmp/cold" 2>&1
expect cache_cold 0 $? '"amount":7200.00' "$tmp/cold"
entries=$(ls "$cache" | grep -c '\.o$')
[ "$entries" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL cache_entry: $entries entries"; failures=$((failures + 1)); }
PROVISIO_CACHE_DIR="$cache" "$bin" eval "$tutorial" --provision tutorial-2023.internship --facts "$facts" > "$tmp/warm" 2>&1
cmp -s "$tmp/cold" "$tmp/warm" && passes=$((passes + 1)) || { echo "FAIL cache_warm: a different answer"; failures=$((failures + 1)); }
for entry in "$cache"/*.o; do printf 'PRVOBJ1\nnot an object' > "$entry"; done
PROVISIO_CACHE_DIR="$cache" "$bin" eval "$tutorial" --provision tutorial-2023.internship --facts "$facts" > "$tmp/warm" 2>&1
cmp -s "$tmp/cold" "$tmp/warm" && passes=$((passes + 1)) || { echo "FAIL cache_damaged: a different answer"; cat "$tmp/warm"; failures=$((failures + 1)); }
[ "$(stat -c %s "$cache"/*.o)" -gt 100 ] && passes=$((passes + 1)) || { echo "FAIL cache_damaged: the entry was not replaced"; failures=$((failures + 1)); }
rm -rf "$cache"
PROVISIO_CACHE=off PROVISIO_CACHE_DIR="$cache" "$bin" eval "$tutorial" --provision tutorial-2023.internship --facts "$facts" > /dev/null 2>&1
[ -z "$(ls -A "$cache" 2>/dev/null)" ] && passes=$((passes + 1)) || { echo "FAIL cache_off: entries kept"; failures=$((failures + 1)); }
PROVISIO_CACHE_DIR=/dev/null/cache "$bin" eval "$tutorial" --provision tutorial-2023.internship --facts "$facts" > "$tmp/warm" 2>&1
expect cache_unwritable 0 $? '"amount":7200.00' "$tmp/warm"

# A dated parameter (tests/check/ok_dated_params.prv: 5.5% until 2024-06-30, 6% in the rest of
# 2024, none in January 2025, 7% from February): the value in force on the event date.
dated="$root/tests/check/ok_dated_params.prv"
unit='"enterprise":{"layoffs_prior_year":12,"current_staff":200}'  # 12/200 = 6%: above 5.5%, within 6%
for pair in 2024-06-30:false 2024-07-01:true 2024-07-02:true 2025-02-01:true; do
  echo "{\"application\":{\"date\":\"${pair%%:*}\"},$unit}" > "$tmp/dated.json"
  "$bin" eval "$dated" --provision p --facts "$tmp/dated.json" > "$tmp/out" 2>&1
  expect "dated_${pair%%:*}" 0 $? "\"eligible\":${pair##*:}" "$tmp/out"
done
echo "{\"application\":{\"date\":\"2024-12-31\"},$unit}" > "$tmp/dated.json"
"$bin" explain "$dated" --provision p --facts "$tmp/dated.json" > "$tmp/out" 2>&1
expect dated_explain 0 $? '→ value in force: ceiling from 2024-07-01 to 2024-12-31 = 6% \[测试〔2024〕2号\]' "$tmp/out"
echo "{\"application\":{\"date\":\"2025-01-15\"},$unit}" > "$tmp/dated.json"
"$bin" eval "$dated" --provision p --facts "$tmp/dated.json" > "$tmp/out" 2>&1
expect dated_none 2 $? 'no value in force on application.date 2025-01-15 (param ceiling in t-2023.p at' "$tmp/out"

# provisio doc: the site of a policy (no browser here), a policy error, an unwritable folder, no Chromium.
"$bin" doc "$policy" -o "$tmp/site" > "$tmp/out" 2>&1
expect doc_site 0 $? 'index.html' "$tmp/out"
grep -q '二(二)12' "$tmp/site/cards/qingyang-2023.internship_subsidy.html" && [ -f "$tmp/site/print.html" ] &&
  grep -q '50%（含）至60%（不含）</td><td>1200元' "$tmp/site/cards/qingyang-2023.internship_subsidy.html" &&
  passes=$((passes + 1)) || { echo "FAIL doc_card: the 二(二)12 card lacks its article or its tier"; failures=$((failures + 1)); }
"$bin" doc "$root/tests/check/fail_service_items.prv" -o "$tmp/site2" > "$tmp/out" 2>&1
expect doc_policy_error 1 $? 'UnknownServiceItem' "$tmp/out"
"$bin" doc "$policy" -o /dev/null/site > "$tmp/out" 2>&1
expect doc_unwritable 3 $? 'provisio doc: cannot write /dev/null/site/' "$tmp/out"
PATH=/nonexistent PROVISIO_CHROMIUM= "$bin" doc "$policy" -o "$tmp/site3" --pdf > "$tmp/out" 2>&1
expect doc_no_chromium 3 $? 'needs Chromium' "$tmp/out"

echo "$passes passed, $failures failed"
[ $failures -eq 0 ]
