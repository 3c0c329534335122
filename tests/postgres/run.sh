#!/usr/bin/env bash
# The PostgreSQL extension against a real PostgreSQL 15, as a database user
# meets it: the extension built with PGXS and installed, the seed policies'
# modules built by `provisio build`, servers started here and stopped at the
# end, whatever happens (servers.sh).
#   - every golden case through provisio.try_eval equals `provisio eval`'s
#     answer to the same facts (its error object without the line number);
#   - provisio.eval raises SQLSTATE 22023 naming the fact; try_eval screens a
#     table with bad rows to the end;
#   - a parallel query (2 workers) gives the totals of a serial one, and of
#     `provisio summary` over the same rows.
# usage: run.sh PROVISIO BUILD_DIR SOURCE_DIR
set -u
bin=$(realpath "$1") build=$(realpath "$2") root=$(realpath "$3")
source "$root/tests/postgres/servers.sh"

# --- One node (also the coordinator of the scale-out below) and two shards.
start node
sql() { on node "$@"; }
setup="SET provisio.module_path = '$mods';"
sql -c "CREATE EXTENSION provisio" || fail "CREATE EXTENSION provisio"

# --- Every golden case: SQL's answer is the command line's.
python3 - "$bin" "$root" "$tmp" << 'PY' || fail "golden cases could not be prepared"
import json, os, subprocess, sys
bin, root, tmp = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, "tests"))
from golden_cases import facts, provision, suites
rows = []
for policy, extra, path, suite in suites(root):
    by_provision = {}
    for case in suite["cases"]:
        by_provision.setdefault(provision(suite, case), []).append(facts(suite, case))
    for prov, records in by_provision.items():
        batch = os.path.join(tmp, "suite.jsonl")  # named .jsonl: a batch, one line per record, even for one
        with open(batch, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        out = subprocess.run([bin, *extra, "eval", str(policy), "--provision", prov, "--facts", batch, "--jobs", "1"],
                             capture_output=True, text=True)
        answers = out.stdout.splitlines()
        if len(answers) != len(records):
            sys.exit(f"{path.name}: {len(answers)} answers to {len(records)} records: {out.stderr}")
        for record, answer in zip(records, answers):
            a = json.loads(answer)
            a.pop("line", None)  # a batch's error names its line; SQL's names its row by being in it
            rows.append((prov, record, a))
esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
with open(os.path.join(tmp, "cases.tsv"), "w", encoding="utf-8") as f:
    for prov, record, answer in rows:
        f.write(f"{prov}\t{esc(json.dumps(record, ensure_ascii=False))}\t{esc(json.dumps(answer, ensure_ascii=False))}\n")
with open(os.path.join(tmp, "cases.json"), "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False)
print(len(rows), "golden records")
PY
sql -c "CREATE TABLE cases (provision text, facts jsonb, expected jsonb)" &&
  sql -c "\\copy cases FROM '$tmp/cases.tsv'" || fail "loading the golden cases"
result=$(sql -c "$setup" -c "SELECT count(*), count(*) FILTER (WHERE provisio.try_eval(provision, facts) = expected),
                                    count(*) FILTER (WHERE expected ? 'error') FROM cases")
read -r total same errors <<< "$(echo "$result" | tr '|' ' ')"
if [ "${total:-0}" -gt 300 ] && [ "$same" = "$total" ] && [ "${errors:-0}" -gt 0 ]; then
  pass "golden cases: $same of $total answered as provisio eval answers them ($errors of them errors)"
else
  fail "golden cases: $same of $total agree (errors $errors)"
  sql -c "$setup" -c "SELECT provision, expected, provisio.try_eval(provision, facts) FROM cases
                      WHERE provisio.try_eval(provision, facts) IS DISTINCT FROM expected LIMIT 5"
fi

# --- 庆阳 二(二)12 by hand: 6 months at a unit retaining 55% → 1200.00 a month, 7200.00 in all.
good='{"application":{"date":"2023-06-01"},"person":{"birth_date":"2000-03-15","college_graduate":true,"graduation_date":"2022-07-01","employed_since_graduation":false},"internship":{"months":6,"unit_retention_rate":"55%"}}'
answer=$(sql -c "$setup" -c "SELECT provisio.eval('qingyang-2023.internship_subsidy', '$good')::text")
[ "$answer" = '{"amount": 7200.00, "eligible": true, "monthly_amount": 1200.00}' ] && pass "二(二)12: $answer" ||
  fail "二(二)12: $answer"
kind=$(sql -c "$setup" -c "SELECT jsonb_typeof(provisio.eval('qingyang-2023.internship_subsidy', '$good')->'amount')")
[ "$kind" = number ] && pass "money is a number (numeric, two decimals)" || fail "money is $kind"

# --- A bad row: eval raises 22023 naming the fact; try_eval answers with the error.
no_birth=${good/\"birth_date\":\"2000-03-15\",/}
psql -X -q -h "$tmp/node/sock" -U postgres -d postgres -At -v VERBOSITY=verbose \
  -c "$setup" -c "SELECT provisio.eval('qingyang-2023.internship_subsidy', '$no_birth')" > /dev/null 2> "$tmp/err"
grep -q "ERROR:  22023: qingyang-2023.internship_subsidy: missing fact person.birth_date" "$tmp/err" &&
  grep -q "DETAIL:  fact: person.birth_date" "$tmp/err" && pass "eval raises 22023 naming person.birth_date" ||
  { cat "$tmp/err"; fail "eval on a bad row"; }
sql -c "CREATE TABLE applicants AS
        SELECT i, CASE WHEN i % 10 = 0 THEN '$no_birth'::jsonb ELSE '$good'::jsonb END AS facts
        FROM generate_series(1, 1000) i" || fail "the applicants table"
result=$(sql -c "$setup" -c "SELECT count(*) FILTER (WHERE r ? 'error' AND r->>'fact' = 'person.birth_date'),
                                    count(*) FILTER (WHERE (r->>'eligible')::boolean), sum((r->>'amount')::numeric)
                             FROM (SELECT provisio.try_eval('qingyang-2023.internship_subsidy', facts) r FROM applicants) s")
[ "$result" = "100|900|6480000.00" ] && pass "try_eval screens 1000 rows: 100 errors naming the fact, 900 × 7200.00" ||
  fail "try_eval over a table with bad rows: $result"
sql -c "$setup" -c "SELECT provisio.eval('nowhere-2023.x', '{}')" > /dev/null 2> "$tmp/err"
grep -q 'cannot load the module of policy "nowhere-2023"' "$tmp/err" && pass "an unknown policy is named" || { cat "$tmp/err"; fail "unknown policy"; }
sql -c "$setup" -c "SELECT provisio.eval('evil/../../x.p', '{}')" > /dev/null 2> "$tmp/err"
grep -q 'is not a policy id' "$tmp/err" && pass "a policy id cannot leave the module folder" || { cat "$tmp/err"; fail "policy id with a path"; }
# Loading a module runs its code: only a superuser says where modules are,
# before the extension is loaded in a session (a placeholder) and after.
psql -X -q -h "$tmp/node/sock" -U postgres -d postgres -c "CREATE ROLE clerk LOGIN" > /dev/null
clerk() { psql -X -q -h "$tmp/node/sock" -U clerk -d postgres -At "$@"; }
clerk -c "SET provisio.module_path = '$mods'" -c "SELECT provisio.eval('qingyang-2023.internship_subsidy', '$good')" \
  > /dev/null 2> "$tmp/err"
grep -q 'permission denied to set parameter "provisio.module_path"' "$tmp/err" &&
  grep -q 'provisio.module_path is not set' "$tmp/err" && pass "a plain role's folder, set before loading, is refused" ||
  { cat "$tmp/err"; fail "module_path set by a plain role before loading"; }
clerk -c "SELECT provisio.try_eval('qingyang-2023.internship_subsidy', '{}')" -c "SET provisio.module_path = '$mods'" \
  > /dev/null 2> "$tmp/err"
grep -q 'permission denied to set parameter "provisio.module_path"' "$tmp/err" && pass "and after loading" ||
  { cat "$tmp/err"; fail "module_path set by a plain role after loading"; }
# --- Parallel: the reference rule over 200,000 generated rows, 2 workers and none, and the CLI's summary.
sql -c "CREATE TABLE firms AS
        SELECT jsonb_build_object('application', jsonb_build_object('date', '2023-06-01'),
               'enterprise', jsonb_build_object('size', CASE WHEN i % 5 = 0 THEN 'large' ELSE 'small' END,
                 'avg_monthly_insured_prior_year', 1 + i % 997, 'layoffs_prior_year', (i * 7) % 61,
                 'ui_premium_paid_prior_year', ((1 + i % 997) * 1234.56)::numeric(20,2),
                 'seriously_dishonest', i % 31 = 0, 'env_noncompliant', i % 47 = 0)) AS facts
        FROM generate_series(1, 200000) i" || fail "the firms table"
screen="SELECT count(*) FILTER (WHERE (r->>'eligible')::boolean), sum((r->>'amount')::numeric)
        FROM (SELECT provisio.eval('wengang-bench.job_retention_refund', facts) r FROM firms) s"
force="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
serial=$(sql -c "$setup" -c "SET max_parallel_workers_per_gather = 0" -c "$screen")
parallel=$(sql -c "$setup" -c "$force SET max_parallel_workers_per_gather = 2" -c "$screen")
plan=$(sql -c "$setup" -c "$force SET max_parallel_workers_per_gather = 2" -c "EXPLAIN (ANALYZE, COSTS OFF) $screen")
sql -c "\\copy (SELECT facts FROM firms) TO '$tmp/firms.jsonl'"
cli=$("$bin" summary "$root/bench/reference/wengang.prv" --policy-path "$root/policies" --facts "$tmp/firms.jsonl" |
      awk '/job_retention_refund/ { print $3 "|" $5 }')
if echo "$plan" | grep -q "Workers Launched: 2" && [ "$serial" = "$parallel" ] && [ "$serial" = "$cli" ] && [ -n "$cli" ]; then
  pass "200,000 rows: 2 workers, none and provisio summary all give $serial (eligible|yuan)"
else
  fail "parallel $parallel, serial $serial, summary $cli"
  echo "$plan"
fi

# --- Typed functions (`provisio build --sql`): the facts as SQL values, the answer as a row.
for f in "$mods"/*.sql; do sql -f "$f" > /dev/null || fail "loading $(basename "$f")"; done
typed="SELECT * FROM \"qingyang-2023\".internship_subsidy('2023-06-01', true, '2022-07-01', false, '2000-03-15', NULL, 0.55, 6)"
answer=$(sql -c "$setup" -c "$typed")
[ "$answer" = "t||1200.00|7200.00" ] && pass "typed 二(二)12: eligible, 1200.00 a month, 7200.00" || fail "typed 二(二)12: $answer"
answer=$(sql -c "$setup" -c "SELECT * FROM \"qingyang-2023\".internship_subsidy('2023-06-01', true, '2022-07-01', false, '2000-03-15', NULL, 0.55, 2)")
[ "$answer" = "t||1200.00|2400.00" ] && pass "typed, 2 months: 2400.00" || fail "typed, 2 months: $answer"
answer=$(sql -c "$setup" -c "SELECT eligible, failed_condition IS NOT NULL FROM \"qingyang-2023\".internship_subsidy('2023-06-01', true, '2019-07-01', false, '1990-03-15', NULL, 0.55, 6)")
expected=$(sql -c "$setup" -c "SELECT provisio.eval('qingyang-2023.internship_subsidy', '${good/2022-07-01/2019-07-01}')->>'eligible'")
[ "$answer" = "f|t" ] && [ "$expected" = false ] && pass "typed, graduated 2019: not eligible, with the condition named, as eval says" ||
  fail "typed, graduated 2019: $answer (eval: $expected)"
psql -X -q -h "$tmp/node/sock" -U postgres -d postgres -At -v VERBOSITY=verbose -c "$setup" \
  -c "SELECT * FROM \"qingyang-2023\".internship_subsidy('2023-06-01', true, '2022-07-01', false, NULL, NULL, 0.55, 6)" \
  > /dev/null 2> "$tmp/err"
grep -q "ERROR:  22023: qingyang-2023.internship_subsidy: missing fact person.birth_date" "$tmp/err" &&
  pass "typed, birth date NULL: 22023 naming the fact" || { cat "$tmp/err"; fail "typed with a NULL required fact"; }
sql -c "$setup" -c "SELECT * FROM \"qingyang-2023\".internship_subsidy('2023-06-01', true, '2022-07-01', false, '2000-03-15', NULL, 0.555, 6.5)" \
  > /dev/null 2> "$tmp/err"
grep -q 'function qingyang-2023.internship_subsidy(.*numeric, numeric) does not exist' "$tmp/err" &&
  pass "typed arguments are checked by their SQL types (6.5 months is no bigint)" || { cat "$tmp/err"; fail "6.5 months"; }
# A declaration that is not the generated one is refused, not trusted (its values would be misread).
sql -c "CREATE FUNCTION \"wengang-bench\".job_retention_refund(bigint, bigint, bigint, bigint, bigint, bigint, bigint)
        RETURNS \"wengang-bench\".job_retention_refund_answer AS '\$libdir/provisio', 'provisio_typed' LANGUAGE C" || fail "a hand-made declaration"
sql -c "$setup" -c "SELECT * FROM \"wengang-bench\".job_retention_refund(1, 2, 3, 4, 5, 6, 7)" > /dev/null 2> "$tmp/err"
grep -q "wengang-bench.job_retention_refund is not declared as its module answers" "$tmp/err" &&
  pass "a hand-made declaration with other types is refused" || { cat "$tmp/err"; fail "a hand-made declaration was called"; }
# Lists as arrays of their record's row type; text facts and outputs; rates as eval writes them.
hire="'2023-06-01', true, '2023-06-30', false, NULL, '2001-01-01', 2"  # 二(二)8: a 2023 graduate, insured 2 months
answer=$(sql -c "$setup" -c "SELECT * FROM \"qingyang-2023\".expansion_subsidy($hire, '{}')")
[ "$answer" = "t||1500.00" ] && pass "typed 二(二)8 with no claims: 1500.00" || fail "typed 二(二)8, no claims: $answer"
claim() { echo "ARRAY[ROW('$1', '2023-05-01', NULL, NULL)::\"qingyang-2023\".claim]"; }
answer=$(sql -c "$setup" -c "SELECT eligible, failed_condition IS NOT NULL, amount FROM \"qingyang-2023\".expansion_subsidy($hire, $(claim qingyang-2023.hiring_subsidy))")
[ "$answer" = "f|t|0.00" ] && pass "typed 二(二)8 after a 一次性吸纳就业补贴 claim: not eligible (0.00), not twice" ||
  fail "typed 二(二)8 after a hiring subsidy: $answer"
answer=$(sql -c "$setup" -c "SELECT * FROM \"qingyang-2023\".expansion_subsidy($hire, $(claim 'some-other.benefit'))")
[ "$answer" = "t||1500.00" ] && pass "typed 二(二)8 after another benefit's claim: 1500.00" || fail "typed 二(二)8, other claim: $answer"
psql -X -q -h "$tmp/node/sock" -U postgres -d postgres -At -v VERBOSITY=verbose -c "$setup" \
  -c "SELECT * FROM \"qingyang-2023\".expansion_subsidy($hire, NULL)" > /dev/null 2> "$tmp/err"
grep -q "22023: qingyang-2023.expansion_subsidy: missing fact claims (give '{}' for none)" "$tmp/err" &&
  pass "typed, claims NULL: 22023, give '{}' for none" || { cat "$tmp/err"; fail "typed with no claims list"; }
psql -X -q -h "$tmp/node/sock" -U postgres -d postgres -At -v VERBOSITY=verbose -c "$setup" \
  -c "SELECT * FROM \"qingyang-2023\".expansion_subsidy($hire, ARRAY[ROW(NULL, '2023-05-01', NULL, NULL)::\"qingyang-2023\".claim])" \
  > /dev/null 2> "$tmp/err"
grep -q "DETAIL:  fact: claims\[0\].benefit" "$tmp/err" && pass "typed, a claim without its benefit: the element's field named" ||
  { cat "$tmp/err"; fail "typed, a claim with a NULL benefit"; }
# 兴安盟 第十三条: a 2023 graduate hired on a 12-month contract → 1500.00, as a graduate (a text output).
answer=$(sql -c "$setup" -c "SELECT * FROM \"xingan-2023\".hiring_subsidy('2023-06-01', 12, true, '2023-06-30', false, NULL, '2001-01-01')")
[ "$answer" = "t||1500.00|graduate" ] && pass "typed 第十三条: 1500.00, group graduate" || fail "typed 第十三条: $answer"
# 第十二条: the rates 1%, 0.5%, 0.5% as fractions, written as eval writes them.
answer=$(sql -c "$setup" -c "SELECT total_rate::text, employer_rate::text, individual_rate::text FROM \"xingan-2023\".ui_rate('2023-06-01')")
[ "$answer" = "0.01|0.005|0.005" ] && pass "typed 第十二条: rates 0.01|0.005|0.005" || fail "typed 第十二条: $answer"
# Every golden case through the typed functions.
sql -c "CREATE FUNCTION typed_answer(call text) RETURNS jsonb LANGUAGE plpgsql AS \$\$
        DECLARE answer jsonb; detail text;
        BEGIN
          EXECUTE 'SELECT to_jsonb(a) FROM ' || call || ' a' INTO answer;
          RETURN answer;
        EXCEPTION WHEN invalid_parameter_value THEN
          GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
          RETURN jsonb_build_object('error', SQLERRM, 'detail', detail);
        END \$\$" || fail "typed_answer"
if out=$(python3 "$root/tests/postgres/typed_golden.py" "$tmp/cases.json" "$setup" psql -h "$tmp/node/sock" -U postgres -d postgres); then
  pass "${out##*$'\n'}"
else
  fail "typed golden cases: $out"
fi
# The reference rule from typed columns: the same totals as the jsonb screen.
sql -c "$typed_table" || fail "the typed table"
typed_total=$(sql -c "$setup" -c "$typed_screen")
[ "$typed_total" = "$serial" ] && pass "200,000 typed rows: $typed_total, the jsonb screen's" || fail "typed totals $typed_total, jsonb $serial"

# --- Scale-out on PostgreSQL's own machinery: the same rows split between two
# shards, foreign partitions of one table on the coordinator (postgres_fdw,
# `extensions 'provisio'` so that the calls are shipped, async append), each
# shard screening its own rows; the result is the single node's.
start shard1
start shard2
sql -c "\\copy (SELECT i, facts FROM (SELECT row_number() OVER () i, facts FROM firms) f) TO '$tmp/firms.tsv'"
for n in 1 2; do
  shard() { on "shard$n" "$@"; }
  shard -c "CREATE EXTENSION provisio" -c "ALTER DATABASE postgres SET provisio.module_path = '$mods'" \
        -c "CREATE TABLE firms_$n (shard int, i bigint, facts jsonb)" &&
    awk -v n=$n -F'\t' '$1 % 2 == n - 1 { print n "\t" $0 }' "$tmp/firms.tsv" > "$tmp/firms_$n.tsv" &&
    shard -c "\\copy firms_$n FROM '$tmp/firms_$n.tsv'" -c "ANALYZE firms_$n" || fail "shard $n"
done
sql -c "CREATE EXTENSION postgres_fdw" -c "CREATE TABLE spread (shard int, i bigint, facts jsonb) PARTITION BY LIST (shard)" || fail fdw
foreign_partitions spread firms
# (jsonb's containment, a JSON path and jsonb's cast to numeric: postgres_fdw
# ships no operator or function taking a text constant, `->` among them)
spread="SELECT shard, count(*) FILTER (WHERE provisio.eval('wengang-bench.job_retention_refund', facts) @> '{\"eligible\":true}') yes,
               sum(jsonb_path_query_first(provisio.eval('wengang-bench.job_retention_refund', facts), '\$.amount')::numeric) yuan
        FROM spread GROUP BY shard"
whole="SELECT sum(yes) || '|' || sum(yuan) FROM ($spread) per_shard"
pushed="SET enable_partitionwise_aggregate = on; SET enable_async_append = on;"
plan=$(sql -c "$pushed" -c "EXPLAIN (VERBOSE, COSTS OFF) $whole")
sharded=$(sql -c "$pushed" -c "$whole")
if [ "$sharded" = "$serial" ] && [ "$(echo "$plan" | grep -c 'Remote SQL: SELECT shard, count(\*) FILTER (WHERE (provisio.eval(')" = 2 ] &&
   echo "$plan" | grep -q "Async Foreign Scan"; then
  pass "two shards screen their own rows (provisio.eval in both remote queries, async): $sharded, the single node's"
else
  fail "two shards: $sharded, single node $serial"
  echo "$plan"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
