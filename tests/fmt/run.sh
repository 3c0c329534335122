#!/usr/bin/env bash
# provisio fmt: the shipped files are formatted, hand-made layouts come out
# as written by hand, formatting never changes meaning, and the command's
# contract (--check, stdin, refusals, in place).
# usage: run.sh PROVISIO REPO_ROOT [skip-meaning]
set -u
provisio=$1
root=$2
meaning=${3:-}
here=$root/tests/fmt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. Every policy file of the repository is formatted. A file that does not
#    parse (the bad-policy corpus has some) is refused with the very error
#    its own `expect-error` names.
files=$(cd "$root" && find policies examples tests -name '*.prv' | sort)
count=0
for f in $files; do
  count=$((count + 1))
  if "$provisio" fmt --check "$root/$f" > "$work/diff" 2> "$work/err"; then continue; fi
  if [ -s "$work/diff" ]; then
    bad "$f is not formatted:"; cat "$work/diff"; continue
  fi
  id=$(grep -oE '\[[A-Za-z0-9]+\]$' "$work/err" | head -1 | tr -d '[]')
  grep -qE "expect-error(@[-+][0-9]+)? $id" "$root/$f" || bad "$f refused with ${id:-nothing}, which it does not expect: $(head -1 "$work/err")"
done
[ "$count" -gt 100 ] || bad "only $count policy files found"
echo "formatted or refused as expected: $count files"

# 2. Layouts written by hand from the rules in the README.
for input in "$here"/cases/*.in; do
  expected=${input%.in}.out
  "$provisio" fmt - < "$input" > "$work/out" || bad "fmt - < $(basename "$input") failed"
  diff -u "$expected" "$work/out" > "$work/diff" || { bad "$(basename "$input") is not laid out as $(basename "$expected"):"; cat "$work/diff"; }
  "$provisio" fmt --check - < "$expected" > /dev/null || bad "$(basename "$expected") is not a fixed point"
done

if [ "$meaning" != skip-meaning ]; then
# 3. Meaning: each file of the repository laid out badly (indents, spaces
#    doubled outside strings and comments, blank lines doubled, trailing
#    blanks, CRLF) compiles to the same IR, or to the same diagnostics, as
#    the formatter's output of it; and the formatter gives back the file.
mkdir -p "$work/tree"
(cd "$root" && cp -r --parents $files "$work/tree/")
python3 - "$work/tree" $files << 'PY'
import sys, os
def scramble(line, n):
    out, i, in_string = [], 0, False
    body = line.lstrip(" ")
    out.append(("\t" if n % 3 == 0 else "") + " " * (2 * (len(line) - len(body)) + n % 5))
    while i < len(body):
        c = body[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < len(body): out.append(body[i + 1]); i += 1
            elif c == '"': in_string = False
        elif c == '"': in_string = True; out.append(c)
        elif body.startswith("//", i) or c == "#": out.append(body[i:]); break
        elif c == " ": out.append("  ")
        else: out.append(c)
        i += 1
    return "".join(out) + "  "
root = sys.argv[1]
for f in sys.argv[2:]:
    path = os.path.join(root, f)
    raw = open(path, "rb").read()
    try: text = raw.decode("utf-8")
    except UnicodeDecodeError: continue  # ill-formed on purpose: left as it is
    lines = []
    for n, line in enumerate(text.split("\n")[:-1]):
        lines.append(scramble(line, n) if line.strip() else "")
        if not line.strip(): lines.append("")
    open(path, "w", encoding="utf-8", newline="").write("\r\n".join(lines) + "\r\n")
PY
meaning() {  # the IR of a file, or its diagnostics, without places
  local f=$1
  if ! "$provisio" eval "$f" --dump ir --policy-path "$work/tree/policies" 2> /dev/null; then
    "$provisio" check --json "$f" --policy-path "$work/tree/policies" 2>&1 | sed -E 's/"line":[0-9]+,"column":[0-9]+//g'
  fi | sed -E 's/[A-Za-z0-9_.-]+\.prv:[0-9]+:[0-9]+/PLACE/g'
}
for f in $files; do meaning "$work/tree/$f" > "$work/tree/$f.before"; done
for f in $files; do "$provisio" fmt "$work/tree/$f" 2> /dev/null; done
compared=0
for f in $files; do
  meaning "$work/tree/$f" > "$work/tree/$f.after"
  cmp -s "$work/tree/$f.before" "$work/tree/$f.after" || { bad "formatting $f changed its meaning:"; diff "$work/tree/$f.before" "$work/tree/$f.after" | head -10; }
  grep -q '^module ' "$work/tree/$f.after" && compared=$((compared + 1))
  if "$provisio" fmt --check "$root/$f" > /dev/null 2>&1; then
    cmp -s "$root/$f" "$work/tree/$f" || { bad "fmt does not give $f back from a bad layout:"; diff "$root/$f" "$work/tree/$f" | head -10; }
  fi
done
[ "$compared" -gt 40 ] || bad "only $compared files compiled to IR to compare"
echo "same meaning after formatting: $count files ($compared compared by their IR)"
fi

# 4. The command: --check changes nothing and shows a diff; in place keeps the mode.
cp "$here/cases/messy.in" "$work/messy.prv"
chmod 640 "$work/messy.prv"
"$provisio" fmt --check "$work/messy.prv" > "$work/diff" 2> "$work/err"
[ $? -eq 1 ] || bad "--check on an unformatted file should exit 1"
grep -q '^-  output flag: bool = r<=1% // 小' "$work/diff" && grep -q '^+  output flag: bool = r <= 1%  ' "$work/diff" \
  || { bad "--check shows no diff of the flag line:"; cat "$work/diff"; }
grep -q 'NotFormatted' "$work/err" || bad "--check names no NotFormatted: $(cat "$work/err")"
cmp -s "$here/cases/messy.in" "$work/messy.prv" || bad "--check changed the file"
"$provisio" fmt "$work/messy.prv" || bad "fmt in place failed"
cmp -s "$here/cases/messy.out" "$work/messy.prv" || bad "fmt in place wrote another layout"
[ "$(stat -c %a "$work/messy.prv")" = 640 ] || bad "fmt in place lost the file's mode"
[ -z "$(ls "$work" | grep fmt-)" ] || bad "fmt left a temporary file"
# A file that does not parse is left as it is, with the error and its place.
printf 'policy t-2023 "t"\n  effective 2023-01-01 ..\nprovision p\n  output amount money = 1元\n' > "$work/broken.prv"
cp "$work/broken.prv" "$work/broken.copy"
"$provisio" fmt "$work/broken.prv" 2> "$work/err"
[ $? -eq 1 ] || bad "fmt on a broken file should exit 1"
grep -q 'broken.prv:4:17: error: .*\[UnexpectedToken\]' "$work/err" || bad "no placed syntax error: $(cat "$work/err")"
cmp -s "$work/broken.prv" "$work/broken.copy" || bad "fmt changed a file that does not parse"
# A write that fails (here the file size limit) is reported, exit 3, and the file is as it was.
python3 -c "import sys; sys.stdout.write(open(sys.argv[1]).read().replace('\n', '\n\n'))" "$root/policies/xingan-2023.prv" > "$work/big.prv"
cp "$work/big.prv" "$work/big.copy"
(ulimit -f 8; "$provisio" fmt "$work/big.prv") 2> "$work/err"
[ $? -eq 3 ] && grep -q 'cannot write .*big.prv.*\[FileUnwritable\]' "$work/err" || bad "a failed write is not reported: $(cat "$work/err")"
cmp -s "$work/big.prv" "$work/big.copy" || bad "a failed write changed the file"
"$provisio" fmt "$work/missing.prv" 2> "$work/err"
[ $? -eq 1 ] && grep -q 'FileNotFound' "$work/err" || bad "a missing file is not reported"
"$provisio" fmt > /dev/null 2>&1
[ $? -eq 64 ] || bad "fmt without files is not a usage error"

[ $fail -eq 0 ] && echo "fmt: all checks passed"
exit $fail
