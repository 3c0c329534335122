# Servers of our own for the extension's tests and benchmark, sourced with
# bin, build and root set: the extension built and installed, the policies'
# modules built into $mods, and `start NAME` for a server in $tmp/NAME (initdb
# in a temporary folder, a Unix socket only, as `nobody` under root since
# PostgreSQL refuses root), every one stopped at exit, whatever happens.
pgbin=/usr/lib/postgresql/15/bin
tmp=$(mktemp -d /tmp/provisio-pg.XXXXXX)
chmod 755 "$tmp"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }

# The server runs as its own user: `nobody` under root, else whoever runs the test.
as_db() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
stop() {
  for data in "$tmp"/*/data; do
    [ -f "$data/postmaster.pid" ] && as_db "$pgbin/pg_ctl" -D "$data" -m immediate stop > /dev/null 2>&1
  done
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 1' TERM INT  # stopped too when the test is

# --- The extension, built out of the source tree and installed where the server finds it.
mkdir -p "$build/postgres"
if ! make -s -C "$build/postgres" -f "$root/postgres/Makefile" VPATH="$root/postgres" PG_CONFIG="$pgbin/pg_config" \
       install > "$tmp/make.log" 2>&1; then
  cat "$tmp/make.log"
  fail "the extension does not build and install"
  exit 1
fi

# --- The modules, one folder for all policies.
mods="$tmp/modules"
for policy in "$root"/policies/*.prv "$root/examples/refund-2024.prv" "$root/examples/xingan-2024-amendment.prv"; do
  "$bin" build "$policy" --policy-path "$root/policies" -o "$mods" --sql > /dev/null 2> "$tmp/err" ||
    { cat "$tmp/err"; fail "build $(basename "$policy")"; }
done
"$bin" build "$root/bench/reference/wengang.prv" --policy-path "$root/policies" -o "$mods" --sql > /dev/null 2>&1 ||
  fail "build wengang.prv"
chmod -R a+rX "$mods"

start() {  # start NAME: a server in $tmp/NAME, its socket in $tmp/NAME/sock
  local dir="$tmp/$1"
  mkdir -p "$dir/data" "$dir/sock"
  [ "$(id -u)" = 0 ] && chown nobody "$dir" "$dir/data" "$dir/sock"
  as_db "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-sync > "$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; fail "initdb $1"; exit 1; }
  as_db "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir/sock -c listen_addresses='' -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4" start \
    > /dev/null || { cat "$dir/server.log"; fail "the server $1 does not start"; exit 1; }
}
on() {  # on NAME psql-arguments…: psql on server NAME, as postgres, errors stop it
  local name=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -h "$tmp/$name/sock" -U postgres -d postgres -At "$@"
}

# The reference rule's facts (a table `firms` of jsonb) as the typed
# function's columns, and the typed screen over them: eligible|yuan.
typed_table="CREATE TABLE firms_typed AS SELECT (facts->'application'->>'date')::date AS application_date,
  (facts->'enterprise'->>'seriously_dishonest')::boolean AS dishonest, (facts->'enterprise'->>'env_noncompliant')::boolean AS env,
  (facts->'enterprise'->>'avg_monthly_insured_prior_year')::numeric AS headcount,
  (facts->'enterprise'->>'layoffs_prior_year')::bigint AS layoffs,
  (facts->'enterprise'->>'ui_premium_paid_prior_year')::numeric AS premium, facts->'enterprise'->>'size' AS size FROM firms"
typed_screen="SELECT count(*) FILTER (WHERE (a).eligible) || '|' || sum((a).amount) FROM
  (SELECT \"wengang-bench\".job_retention_refund(application_date, dishonest, env, headcount, layoffs, premium, size) a
   FROM firms_typed OFFSET 0) s"

foreign_partitions() {  # foreign_partitions PARENT REMOTE: PARENT_n on the node is REMOTE_n of server shardn (n = 1, 2)
  local n
  for n in 1 2; do
    on node -c "CREATE SERVER shard$n FOREIGN DATA WRAPPER postgres_fdw
                  OPTIONS (host '$tmp/shard$n/sock', dbname 'postgres', extensions 'provisio', async_capable 'true')" \
            -c "CREATE USER MAPPING FOR postgres SERVER shard$n OPTIONS (user 'postgres')" \
            -c "CREATE FOREIGN TABLE $1_$n PARTITION OF $1 FOR VALUES IN ($n) SERVER shard$n OPTIONS (table_name '$2_$n')" ||
      fail "shard $n on the coordinator"
  done
}
