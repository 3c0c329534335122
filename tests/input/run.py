#!/usr/bin/env python3
"""The bad-input corpus: each tests/input/*.case file gives one class of bad
(or tricky) input and what provisio must answer. A case file is a header of
`key: value` lines, a line `---`, then the input bytes exactly:

  # what the case is about (comments)
  args: eval {root}/policies/qingyang-2023.prv --provision ID --facts {input}
  input-name: facts.ndjson   the file name {input} gets (default input.json)
  stdin: yes                 the input goes to stdin instead ({input} unused)
  exit: 2
  stdout-line 2: TEXT        line 2 of stdout is exactly TEXT
  stdout-lines: 3            stdout has exactly 3 lines
  stdout-has: TEXT           stdout holds TEXT (stderr-has: likewise)
  stderr-lines: 1
  file-has NAME: TEXT        the file {tmp}/NAME, written by the run, holds TEXT

usage: run.py PROVISIO REPO_ROOT
"""
import os
import subprocess
import sys
import tempfile


def parse(path):
    data = open(path, "rb").read()
    header, sep, body = data.partition(b"\n---\n")
    if not sep:
        raise SystemExit(f"{path}: no `---` line")
    checks = []
    for raw in header.decode("utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        key, _, value = raw.partition(": ")
        checks.append((key.strip(), value))
    return checks, body


def run_case(binary, root, path):
    checks, body = parse(path)
    opts = dict(checks)
    with tempfile.TemporaryDirectory() as tmp:
        name = opts.get("input-name", "input.json")
        input_path = os.path.join(tmp, name)
        with open(input_path, "wb") as f:
            f.write(body)
        args = [a.replace("{root}", root).replace("{input}", input_path).replace("{tmp}", tmp)
                for a in opts["args"].split()]
        stdin = body if opts.get("stdin") == "yes" else b""
        proc = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=60, cwd=tmp)
        out = proc.stdout.decode("utf-8", errors="replace")
        err = proc.stderr.decode("utf-8", errors="replace")
        problems = []
        for key, value in checks:
            if key == "exit" and proc.returncode != int(value):
                problems.append(f"exit {proc.returncode}, expected {value}")
            elif key.startswith("stdout-line "):
                n = int(key.split()[1])
                lines = out.split("\n")
                got = lines[n - 1] if n <= len(lines) else None
                if got != value:
                    problems.append(f"stdout line {n} is {got!r}, expected {value!r}")
            elif key in ("stdout-lines", "stderr-lines"):
                text = out if key == "stdout-lines" else err
                if text.count("\n") != int(value):
                    problems.append(f"{key.split('-')[0]} has {text.count(chr(10))} lines, expected {value}")
            elif key in ("stdout-has", "stderr-has"):
                if value not in (out if key == "stdout-has" else err):
                    problems.append(f"{key.split('-')[0]} lacks {value!r}")
            elif key.startswith("file-has "):
                target = os.path.join(tmp, key.split()[1])
                text = open(target, encoding="utf-8").read() if os.path.exists(target) else None
                if text is None or value not in text:
                    problems.append(f"file {key.split()[1]} lacks {value!r}")
            elif key not in ("args", "input-name", "stdin", "exit"):
                problems.append(f"unknown header key {key!r}")
        try:
            proc.stdout.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("stdout is not valid UTF-8")
        return problems, out, err


def main():
    binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    folder = os.path.join(root, "tests", "input")
    cases = sorted(f for f in os.listdir(folder) if f.endswith(".case"))
    failed = 0
    for case in cases:
        problems, out, err = run_case(binary, root, os.path.join(folder, case))
        if problems:
            failed += 1
            print(f"FAIL {case}: " + "; ".join(problems))
            print("  stdout: " + out.replace("\n", "\n          "))
            print("  stderr: " + err.replace("\n", "\n          "))
    print(f"{len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not cases else 0)


if __name__ == "__main__":
    main()
