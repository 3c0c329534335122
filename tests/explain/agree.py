#!/usr/bin/env python3
"""Every golden case through `provisio explain --json`: the trace must agree
with itself and with the result, and the result with `provisio eval`.

For each case (its suite's base merged with its facts, as `provisio test`
does) this checks that
  - explain's result is the object eval gives for the same record (or its error);
  - each traced comparison's outcome is what its two traced values give
    (recomputed here with exact fractions);
  - eligible holds exactly when every condition is met, or the conditions
    were waived by an exception, and a refusal's reasons are one per
    condition failed or not assessed (or one for the window);
  - every condition and every exception evaluated names its article.
Usage: agree.py PROVISIO ROOT"""
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

provisio, root = sys.argv[1], Path(sys.argv[2])
sys.path.insert(0, str(root / "tests"))
from golden_cases import facts, suites  # noqa: E402


def number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return None
    try:
        return Fraction(str(v))
    except ValueError:
        return None


def holds(left, op, right):
    l, r = number(left), number(right)
    if l is None or r is None:  # text, enum words, dates: equality and order of the texts
        l, r = left, right
    return {"=": l == r, "≠": l != r, "<": l < r, "≤": l <= r, ">": l > r, "≥": l >= r}[op]


def inexact(v):  # a ratio written with 15 significant digits, not exactly
    return isinstance(v, float) and len(repr(v).replace("-", "").replace(".", "").lstrip("0")) >= 15


def check(job):
    policy, extra, suite, case, facts = job
    name = f"{suite.parent.name}/{suite.name} {case['name']}"
    provision = case.get("provision", suite_provision[suite])
    args = [provisio, *extra, "explain", str(policy), "--provision", provision, "--facts", "-", "--json"]
    run = subprocess.run(args, input=json.dumps(facts, ensure_ascii=False), capture_output=True, text=True)
    evaluated = subprocess.run([provisio, *extra, "eval", str(policy), "--provision", provision, "--facts", "-"],
                               input=json.dumps(facts, ensure_ascii=False), capture_output=True, text=True)
    problems = []
    if run.returncode not in (0, 2) or not run.stdout.strip():
        return [f"{name}: explain exit {run.returncode}: {run.stderr.strip()}"]
    if run.stdout.lstrip().startswith("{") is False:
        return [f"{name}: explain printed no JSON: {run.stdout[:200]}"]
    trace = json.loads(run.stdout)
    result = trace["result"]
    if "error" in result:  # eval says a single record's error on stderr
        if result["error"] not in evaluated.stderr:
            problems.append(f"{name}: explain's error {result['error']} is not eval's {evaluated.stderr.strip()}")
    elif result != json.loads(evaluated.stdout or "null"):
        problems.append(f"{name}: explain's result {result} is not eval's {evaluated.stdout.strip()}")
    if run.returncode != evaluated.returncode:
        problems.append(f"{name}: explain exit {run.returncode}, eval exit {evaluated.returncode}")
    if "error" in result:
        if "expect_error" not in case:
            problems.append(f"{name}: unexpected error {result['error']}")
        return problems
    for p in trace["points"]:
        if "op" in p and not (inexact(p["left"]) or inexact(p["right"])):
            if p["kind"] == "condition" and holds(p["left"], p["op"], p["right"]) != p["outcome"]:
                problems.append(f"{name}: {p['at']} {p['text']}: {p['left']} {p['op']} {p['right']} "
                                f"is not {p['outcome']}")
    states = [c["state"] for c in trace["conditions"]]
    grounds = sum(s in ("failed", "not_assessed") for s in states)
    waived = all(s == "not_evaluated" for s in states)
    if result["eligible"] != (grounds == 0 and (waived or all(s == "met" for s in states))):
        if not (not result["eligible"] and waived):  # outside the window: nothing evaluated
            problems.append(f"{name}: eligible {result['eligible']} but the conditions are {states}")
    if not result["eligible"]:
        want = grounds if grounds else 1
        if len(result.get("reasons", [])) != want:
            problems.append(f"{name}: {len(result.get('reasons', []))} reasons for {want} grounds: {states}")
    for c in trace["conditions"]:
        if not c["article"] or not c["at"]:
            problems.append(f"{name}: condition {c['name']} without its article or place")
    for p in trace["points"]:
        if p["kind"] == "exception" and not p.get("article"):
            problems.append(f"{name}: exception {p['text']} without its article")
    expect = case.get("expect", {})
    if "eligible" in expect and expect["eligible"] != result["eligible"]:
        problems.append(f"{name}: the case expects eligible {expect['eligible']}")
    return problems


suite_provision = {}
jobs = []
for policy, extra, suite, data in suites(root):
    suite_provision[suite] = data.get("provision", "")
    for case in data["cases"]:
        jobs.append((policy, extra, suite, case, facts(data, case)))
with ThreadPoolExecutor(max_workers=4) as pool:
    problems = [p for ps in pool.map(check, jobs) for p in ps]
for p in problems:
    print("FAIL", p)
print(f"{len(jobs)} cases traced, {len(problems)} disagreements")
sys.exit(1 if problems or not jobs else 0)
