#!/usr/bin/env bash
# The published policy list (provisio doc) in a real browser, Debian's
# Chromium headless, as a reader meets it:
#   - every one of the catalog's 41 provisions is in the index with its
#     article (tests/doc/catalog.tsv, written from the catalog by hand);
#   - filtering by group in the browser (index.html?group=…) and without
#     JavaScript (groups/N.html) shows the provisions that serve the group;
#   - a threshold changed in a policy changes the rendered condition: the
#     words come from the compiled rules;
#   - the 政策一卡通 PDF has one page per card;
#   - screenshots of the index and of one card are written to BUILD/doc/.
# usage: run.sh PROVISIO BUILD_DIR SOURCE_DIR
set -u
bin=$(realpath "$1") build=$(realpath "$2") root=$(realpath "$3")
tmp=$(mktemp -d /tmp/provisio-doc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }
shots="$build/doc"
site="$shots/site"
mkdir -p "$shots"
browser() {  # browser ARGS… URL: Chromium headless with a profile of its own
  chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars --user-data-dir="$tmp/profile" "$@" 2> "$tmp/chromium.log"
}
text() { python3 -c 'import html, re, sys; print(html.unescape(re.sub(r"<[^>]+>", " ", sys.stdin.read())))'; }

rm -rf "$site"
"$bin" doc "$root"/policies/*.prv -o "$site" --pdf > "$tmp/out" 2>&1 || { cat "$tmp/out"; fail "provisio doc"; exit 1; }

# --- Every catalog provision, with its article, in the index as the browser renders it.
browser --dump-dom "file://$site/index.html" > "$tmp/index.dom" || { cat "$tmp/chromium.log"; fail "chromium on the index"; }
python3 - "$tmp/index.dom" "$root/tests/doc/catalog.tsv" << 'PY' && pass "all 41 catalog provisions in the index, each with its article" || fail "the index"
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
rows = {}
for m in re.finditer(r'<tr data-provision="([^"]+)"[^>]*>(.*?)</tr>', dom, re.S):
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)]
    rows[m.group(1)] = cells
catalog = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8") if l.strip() and not l.startswith("#")]
bad = [(p, a, rows.get(p)) for p, a in catalog if p not in rows or rows[p][2] != a]
for b in bad:
    print("  missing or wrong article:", b)
print(f"  {len(catalog) - len(bad)} of {len(catalog)} catalog provisions; {len(rows)} rows")
sys.exit(1 if bad or len(catalog) != 41 else 0)
PY

# --- Filtering: 残疾人 are served by 内蒙古 二(三)9 and 新疆 (八), in the browser and without it.
browser --virtual-time-budget=2000 --dump-dom "file://$site/index.html?group=残疾人" > "$tmp/filtered.dom"
shown=$(grep -o '<tr data-provision="[^"]*"[^>]*>' "$tmp/filtered.dom" | grep -v ' hidden' | grep -o 'data-provision="[^"]*"' | sort | tr '\n' ' ')
[ "$shown" = 'data-provision="nmg-2023.payment_deadline" data-provision="xinjiang-2023.employment_difficulty" ' ] &&
  pass "?group=残疾人 in the browser: the two provisions that serve them" || fail "?group=残疾人 shows: $shown"
page=$(grep -l '<h1>残疾人</h1>' "$site"/groups/*.html)
static=$(grep -o 'data-provision="[^"]*"' "$page" | sort | tr '\n' ' ')
[ "$static" = "$shown" ] && pass "and without JavaScript ($(basename "$page"))" || fail "the 残疾人 page lists: $static"

# --- The words come from the rules: 兴安盟 第十条's 5.5% ceiling moved to 6% changes the card.
condition() { browser --dump-dom "file://$1/cards/xingan-2023.job_retention_refund.html" | grep -o '<li data-condition="layoffs">.*</li>' | text; }
before=$(condition "$site")
cp -r "$root/policies" "$tmp/policies"
sed -i 's/^param layoff_rate_ceiling: rate = 5.5%$/param layoff_rate_ceiling: rate = 6%/' "$tmp/policies/xingan-2023.prv"
"$bin" doc "$tmp/policies/xingan-2023.prv" -o "$tmp/changed" > /dev/null 2>&1 || fail "provisio doc on the changed policy"
after=$(condition "$tmp/changed")
case "$before" in *"裁员率不高于5.5%，或（上年度月平均参保人数（四舍五入取整）不超过30，且裁员率不高于20%）"*) ok=1 ;; *) ok=0 ;; esac
case "$after" in *"裁员率不高于6%，或"*) ;; *) ok=0 ;; esac
[ $ok = 1 ] && pass "第十条 at 5.5% reads 裁员率不高于5.5%…; at 6%, 裁员率不高于6%…" || fail "the condition before: $before / after: $after"

# --- The 政策一卡通: one page per card.
pages=$(pdfinfo "$site/cards.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
cards=$(ls "$site"/cards/*.html | wc -l)
# (each page opens with its card's title, in the print view's order)
titles=$(grep -o '<h1>[^<]*</h1>' "$site/print.html" | sed 's/<[^>]*>//g')
firsts=$(for i in $(seq 1 "${pages:-0}"); do pdftotext -f "$i" -l "$i" "$site/cards.pdf" - | grep -m1 -v '^\s*$'; done)
[ "${pages:-0}" = 41 ] && [ "$cards" = 41 ] && [ "$firsts" = "$titles" ] &&
  pass "cards.pdf: $pages pages for $cards cards, page N opening with card N's title" ||
  fail "cards.pdf: ${pages:-no} pages for $cards cards"

# --- Screenshots, for a person to look at.
browser --window-size=1280,1400 --screenshot="$shots/index.png" "file://$site/index.html" &&
  browser --window-size=1000,2200 --screenshot="$shots/card.png" "file://$site/cards/xingan-2023.job_retention_refund.html" &&
  [ -s "$shots/index.png" ] && [ -s "$shots/card.png" ] && pass "screenshots: $shots/index.png, $shots/card.png" || fail "screenshots"

echo "$failures failure(s)"
[ "$failures" = 0 ]
