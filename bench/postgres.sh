#!/usr/bin/env bash
# Screening where the data lives: the performance reference's 1,000,000
# records (稳岗返还, bench/reference/wengang.prv) in a PostgreSQL 15 table,
# screened by the typed function over columns, by provisio.eval serially
# and with 2 parallel workers, by two
# shards (foreign partitions of a coordinator, async), and by the command
# line over the same rows as JSON Lines — rows/s side by side, in one run,
# each path checked against the reference's 567,497 eligible and
# 599,217,588,373.93 yuan. Not part of the test command.
# usage: bench/postgres.sh [BUILD_DIR]   (after tools/build.sh; as root or a user who may install the extension)
set -u
root=$(realpath "$(dirname "$0")/..")
build=$(realpath "${1:-$root/build}")
bin=$build/provisio
source "$root/tests/postgres/servers.sh"
expected="567497|599217588373.93"
rule=wengang-bench.job_retention_refund
# (OFFSET 0: the answer is read twice, and the call must not be copied into both places)
screen="SELECT count(*) FILTER (WHERE r @> '{\"eligible\":true}') || '|' || sum(jsonb_path_query_first(r, '\$.amount')::numeric)
        FROM (SELECT provisio.eval('$rule', facts) r FROM firms OFFSET 0) s"
seconds() { python3 -c "import time; print(time.monotonic())"; }
declare -A rate
run() {  # run NAME COMMAND…: the rows/s of a command whose last line is the checksum
  local name=$1 t0 t1 got
  shift
  t0=$(seconds)
  got=$("$@" | tail -1)
  t1=$(seconds)
  if [ "$got" != "$expected" ]; then
    fail "$name: $got, not the reference's $expected"
    return
  fi
  rate[$name]=$(python3 -c "print(f'{1e6 / ($t1 - $t0):,.0f}')")
}

"$build/bench/reference_data" > "$tmp/records.jsonl"
chmod a+r "$tmp/records.jsonl"
start node
on node -c "CREATE EXTENSION provisio" -c "ALTER DATABASE postgres SET provisio.module_path = '$mods'" \
        -c "CREATE TABLE firms (facts jsonb)" -c "\\copy firms FROM '$tmp/records.jsonl'" -c "VACUUM ANALYZE firms" \
        -f "$mods/wengang-bench.sql" \
        -c "$typed_table" \
        -c "VACUUM ANALYZE firms_typed"
for n in 1 2; do
  start "shard$n"
  on "shard$n" -c "CREATE EXTENSION provisio" -c "ALTER DATABASE postgres SET provisio.module_path = '$mods'" \
               -c "CREATE TABLE firms_$n (shard int, facts jsonb)" \
               -c "CREATE VIEW screened_$n AS SELECT shard, r FROM (SELECT shard, provisio.eval('$rule', facts) r FROM firms_$n OFFSET 0) s"
  awk -v n=$n 'NR % 2 == n - 1 { print n "\t" $0 }' "$tmp/records.jsonl" > "$tmp/half_$n.tsv"
  on "shard$n" -c "\\copy firms_$n FROM '$tmp/half_$n.tsv'" -c "VACUUM ANALYZE firms_$n"
done
# Each shard's rows as its screening view sees them: one call per row, on the shard.
on node -c "CREATE EXTENSION postgres_fdw" -c "CREATE TABLE spread (shard int, r jsonb) PARTITION BY LIST (shard)"
foreign_partitions spread screened
force="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
per_shard="SELECT shard, count(*) FILTER (WHERE r @> '{\"eligible\":true}') yes, sum(jsonb_path_query_first(r, '\$.amount')::numeric) yuan
           FROM spread GROUP BY shard"
sharded="SET enable_partitionwise_aggregate = on; SELECT sum(yes) || '|' || sum(yuan) FROM ($per_shard) s"
on node -c "$sharded" -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT sum(yes) FROM ($per_shard) s" | grep -c "Remote SQL: SELECT shard, count" |
  grep -qx 2 || fail "the shards' screens are not pushed down"

summary() {  # the command line over the same rows: eligible|yuan
  "$bin" summary "$root/bench/reference/wengang.prv" --policy-path "$root/policies" --facts "$tmp/records.jsonl" |
    awk "/$rule/ { print \$3 \"|\" \$5 }"
}

# Interleaved, each once more than its first (warm) run.
for lap in 1 2; do
  run "provisio summary (JSONL file)" summary
  run "typed function (columns), 1 backend" on node -c "SET max_parallel_workers_per_gather = 0" -c "$typed_screen"
  run "provisio.eval, 1 backend" on node -c "SET max_parallel_workers_per_gather = 0" -c "$screen"
  run "provisio.eval, 2 parallel workers" on node -c "$force SET max_parallel_workers_per_gather = 2" -c "$screen"
  run "two shards (postgres_fdw, async)" on node -c "$sharded"
done
echo
echo "| path (1,000,000 rows, checksum checked) | rows/s |"
echo "|---|---|"
for k in "provisio summary (JSONL file)" "typed function (columns), 1 backend" "provisio.eval, 1 backend" "provisio.eval, 2 parallel workers" \
         "two shards (postgres_fdw, async)"; do
  echo "| $k | ${rate[$k]:-failed} |"
done
[ "$failures" = 0 ]
