#!/usr/bin/env bash
# Every #include follows the table of allowed dependencies in the README's
# "Layout" (the architecture, written down once), and internal headers stay
# in their folder. usage: layering.sh REPO_ROOT
set -u
root=$1
python3 - "$root" << 'PY'
import os, re, sys
root = sys.argv[1]
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
layout = readme[readme.index("| library | folder | may include |"):]
rows = re.findall(r"^\| (\w+) \| ((?:compiler/)?\w+) \| ([^|]*) \|$", layout, re.M)
table = {lib: (folder, {d.strip() for d in deps.split(",") if d.strip() not in ("", "—")}) for lib, folder, deps in rows}
if "driver" not in table or "runtime" not in table:
    sys.exit("no layering table in README.md")
# How an include names a library: "sema/check.h" → sema; "provisio/runtime.h" → runtime.
def library(include):
    top = include.split("/")[0]
    if top == "provisio":
        return "runtime"
    return top if top in table else None

problems, checked = [], 0
internal = {}  # header path (as included) → its folder
for lib, (folder, _) in table.items():
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for f in files:
            path = os.path.join(dirpath, f)
            if f.endswith(".h") and open(path, encoding="utf-8").readline().startswith("// Internal to"):
                internal[os.path.relpath(path, os.path.join(root, "compiler"))] = lib
for lib, (folder, allowed) in table.items():
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for f in files:
            if not f.endswith((".cpp", ".h", ".c")):
                continue
            path = os.path.join(dirpath, f)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                m = re.match(r'\s*#include "([^"]+)"', line)
                if not m:
                    continue
                checked += 1
                target = library(m.group(1))
                if target and target != lib and target not in allowed:
                    problems.append(f"{os.path.relpath(path, root)}:{n}: {lib} may not include {m.group(1)} ({target})")
                if m.group(1) in internal and internal[m.group(1)] != lib:
                    problems.append(f"{os.path.relpath(path, root)}:{n}: {m.group(1)} is internal to {internal[m.group(1)]}")
# Tests, fuzzers and benchmarks use public headers only.
for top in ("tests", "fuzz", "bench"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for f in files:
            if f.endswith((".cpp", ".h", ".c")):
                path = os.path.join(dirpath, f)
                for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                    m = re.match(r'\s*#include "([^"]+)"', line)
                    if m and m.group(1) in internal:
                        problems.append(f"{os.path.relpath(path, root)}:{n}: {m.group(1)} is internal to {internal[m.group(1)]}")
for p in problems:
    print(p)
print(f"{checked} includes checked against {len(table)} libraries: {len(problems)} outside the table")
sys.exit(1 if problems or checked == 0 else 0)
PY
