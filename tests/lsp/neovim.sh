#!/usr/bin/env bash
# A real client: Debian's Neovim, headless, with editors/vim and
# editors/nvim on its runtimepath as the README says, attaches
# `provisio lsp` to a broken policy; the diagnostics it received are
# dumped and checked, and no server is left running when it quits.
# usage: neovim.sh PROVISIO REPO_ROOT
set -u
provisio=$1
root=$2
command -v nvim > /dev/null || { echo "FAIL: nvim is not installed (tools/deps.sh installs it)"; exit 1; }
work=$(mktemp -d)
trap 'pkill -f "lsp --policy-path $work" 2> /dev/null; rm -rf "$work"' EXIT
cp -r "$root/policies" "$work/policies"
# 第十条 with the ceiling misspelt: UnknownName, with a did-you-mean.
python3 - "$root/policies/xingan-2023.prv" "$work/policies/broken.prv" << 'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace("policy xingan-2023 ", "policy broken-2023 ", 1)
text = text.replace("layoff_rate <= layoff_rate_ceiling\n", "layoff_rate <= layoff_rate_celing\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
line=$(grep -n 'layoff_rate <= layoff_rate_celing' "$work/policies/broken.prv" | cut -d: -f1)
col=$(grep 'layoff_rate <= layoff_rate_celing' "$work/policies/broken.prv" | python3 -c "import sys; print(sys.stdin.read().index('layoff_rate_celing'))")
fact_line=$(grep -n 'output amount "补贴金额": money = enterprise.ui_premium_paid_prior_year' "$work/policies/broken.prv" | cut -d: -f1)
fact_col=$(grep 'output amount "补贴金额": money = enterprise.ui_premium_paid_prior_year' "$work/policies/broken.prv" | python3 -c "import sys; print(sys.stdin.read().index('ui_premium'))")
export PROVISIO_NVIM_OUT=$work/nvim.json PROVISIO_HOVER_LINE=$((fact_line - 1)) PROVISIO_HOVER_CHAR=$fact_col
cd "$work/policies"
timeout 60 nvim --headless --clean \
  --cmd "set runtimepath^=$root/editors/vim,$root/editors/nvim" \
  -c "filetype plugin on" -c "syntax on" \
  -c "lua require('provisio').setup({ cmd = { '$provisio', 'lsp', '--policy-path', '$work' } })" \
  -c "edit broken.prv" \
  -c "luafile $root/tests/lsp/neovim.lua" > "$work/nvim.log" 2>&1
status=$?
[ $status -eq 0 ] || { echo "FAIL: nvim exited $status"; cat "$work/nvim.log"; exit 1; }
sleep 1
if pgrep -f "lsp --policy-path $work" > /dev/null; then echo "FAIL: the server outlived Neovim"; exit 1; fi
python3 - "$work/nvim.json" "$line" "$col" << 'PY'
import json, sys
got = json.load(open(sys.argv[1]))
line, col = int(sys.argv[2]) - 1, int(sys.argv[3])
print("neovim received:", json.dumps(got, ensure_ascii=False))
problems = []
if got["filetype"] != "provisio": problems.append(f"filetype {got['filetype']}")
if not got["syntax"].startswith("provisio"): problems.append(f"no Provisio syntax group at 1:1: {got['syntax']!r}")
errors = [d for d in got["diagnostics"] if d["severity"] == 1]
if len(errors) != 1: problems.append(f"expected one error, got {errors}")
else:
    d = errors[0]
    if (d["lnum"], d["col"], d["end_col"]) != (line, col, col + len("layoff_rate_celing")): problems.append(f"error at {d['lnum']}:{d['col']}-{d['end_col']}, expected {line}:{col}")
    if "layoff_rate_celing" not in d["message"] or "did you mean `layoff_rate_ceiling`" not in d["message"]: problems.append(f"message {d['message']!r}")
hover = got.get("hover") or ""
if "enterprise.ui_premium_paid_prior_year" not in hover or "上年度实际缴纳的失业保险费" not in hover: problems.append(f"hover {hover!r}")
for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
