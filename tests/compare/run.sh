#!/usr/bin/env bash
# provisio compare on fixtures whose counts and totals are computed by hand
# from 兴安盟 第十条 (layoff rate ≤ 5.5%, or ≤ 20% with 30 insured or fewer;
# 60% of the premium for SMEs, 30% otherwise) and the reform in
# examples/xingan-reform.prv (6%; 70% for SMEs):
#   population.jsonl: 1 large 11/200 = 5.5%, 100000.00: 30000.00 → 30000.00, unchanged
#                     2 large 29/500 = 5.8%, 100000.00: not eligible → 30000.00, newly eligible
#                     3 small 11/200 = 5.5%, 50000.00: 30000.00 → 35000.00, paid more
#                     4 small 31/500 = 6.2%: not eligible in both, unchanged
#                     5 medium 2/10 = 20% with 10 insured, 12345.67: 7407.40 → 8641.97, paid more
#                     6 ui_insured missing: an error in both
#   before 67407.40, after 103641.97, difference +36234.57.
#   paid.jsonl (--against payment.refund_paid): 1 paid 30000.00 as computed; 2 paid 35000.00
#     for 30000.00, overpaid 5000.00; 3 paid 0.00 for 0.00; 4 paid 7000.00 for 7407.40,
#     underpaid 407.40; 5 no payment, an error; 6 paid 30000.00 for 0.00 (5.8%), overpaid
#     30000.00 with the ground; paid 102000.00, computed 67407.40.
# usage: run.sh PROVISIO SOURCE_DIR
set -u
bin=$1 root=$2 here=$2/tests/compare
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check NAME CONDITION-STATUS DETAIL
  if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1: $3"; failures=$((failures + 1)); fi
}
compare() { "$bin" compare "$@" --policy-path "$root/policies"; }
# One line per record of a JSON Lines file: the fields named, joined by ':'.
fields() {
  python3 - "$@" << 'PY'
import json, sys
path, names = sys.argv[1], sys.argv[2:]
pick = lambda r, n: next((str(r[k]) if "." not in k else str(r[k.split(".")[0]].get(k.split(".")[1], "-"))
                          for k in n.split("|") if k.split(".")[0] in r), "-")
print(" ".join(":".join(pick(r, n) for n in names) for r in map(json.loads, open(path))))
PY
}
ids=xingan-2023.job_retention_refund=xingan-reform.job_retention_refund

compare "$root/policies/xingan-2023.prv" "$root/examples/xingan-reform.prv" --provision "$ids" \
  --facts "$here/population.jsonl" --json > "$tmp/summary" 2> "$tmp/err"
code=$?
want='{"records":6,"before":"xingan-2023.job_retention_refund","after":"xingan-reform.job_retention_refund","newly_eligible":1,"no_longer_eligible":0,"paid_more":2,"paid_less":0,"changed_otherwise":0,"unchanged":2,"error":1,"total_before":67407.40,"total_after":103641.97,"difference":36234.57}'
[ "$code" = 2 ] && [ "$(cat "$tmp/summary")" = "$want" ]
check "summary: 1 newly eligible, 2 paid more, 2 unchanged, 1 error; 67407.40 → 103641.97 (exit 2 for the bad record)" $? \
  "exit $code: $(cat "$tmp/summary" "$tmp/err")"

compare "$root/policies/xingan-2023.prv" "$root/examples/xingan-reform.prv" --provision "$ids" \
  --facts "$here/population.jsonl" --changed-only > "$tmp/changed" 2> "$tmp/table"
lines=$(fields "$tmp/changed" line change before.amount after.amount)
[ "$lines" = "2:newly_eligible:0.0:30000.0 3:paid_more:30000.0:35000.0 5:paid_more:7407.4:8641.97 6:error:-:-" ] &&
  grep -q "difference  *+36234.57" "$tmp/table"
check "--changed-only: records 2, 3, 5 and the failed 6 as JSON Lines; the table on stderr" $? "$lines / $(cat "$tmp/table")"

compare "$here/paid.prv" --provision job_retention_refund --facts "$here/paid.jsonl" --against payment.refund_paid --json \
  > "$tmp/findings" 2> "$tmp/summary"
code=$?
findings=$(fields "$tmp/findings" line "finding|error" "difference|fact")
want='{"records":6,"provision":"paid-2023.job_retention_refund","against":"payment.refund_paid","correct":2,"overpaid":2,"overpaid_by":35000.00,"underpaid":1,"underpaid_by":407.40,"errors":1,"total_paid":102000.00,"total_computed":67407.40}'
[ "$code" = 2 ] && [ "$findings" = "2:overpaid:5000.0 4:underpaid:-407.4 5:missing fact payment.refund_paid:payment.refund_paid 6:overpaid:30000.0" ] &&
  [ "$(cat "$tmp/summary")" = "$want" ] && grep -q '"line":6.*"reasons":\["第十条: not met: 裁员率不高于' "$tmp/findings"
check "--against: overpaid 5000.00 and 30000.00 (with its ground), underpaid 407.40, one record without a payment" $? \
  "exit $code: $findings / $(cat "$tmp/summary")"

# Usage and policy errors.
compare "$here/paid.prv" "$here/paid.prv" --provision job_retention_refund --facts "$here/paid.jsonl" --against payment.refund_paid \
  > /dev/null 2> "$tmp/err"
[ $? = 64 ] && grep -q "give one policy" "$tmp/err"
check "--against with two policies is a usage error" $? "$(cat "$tmp/err")"
compare "$here/paid.prv" --provision job_retention_refund --facts "$here/paid.jsonl" --against payment.refund_paidd > /dev/null 2> "$tmp/err"
[ $? = 1 ] && grep -q "declares no money fact" "$tmp/err"
check "--against names a declared money fact" $? "$(cat "$tmp/err")"
compare "$root/policies/xingan-2023.prv" --provision job_retention_refund --facts "$here/paid.jsonl" > /dev/null 2> "$tmp/err"
[ $? = 64 ]
check "one policy without --against is a usage error" $? "$(cat "$tmp/err")"
compare "$root/policies/xingan-2023.prv" "$root/examples/xingan-reform.prv" --provision "$ids" --facts "$here/population.jsonl" \
  --changed-only > /dev/full 2> "$tmp/err"
[ $? = 3 ] && grep -q "cannot write the output" "$tmp/err"
check "a full disk is exit 3" $? "$(cat "$tmp/err")"

echo "$failures failure(s)"
[ "$failures" = 0 ]
