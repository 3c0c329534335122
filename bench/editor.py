"""What an editor waits for, measured against `provisio check` of the same
file in the same run (a fresh process: what a save-and-check loop costs).
- a keystroke: didChange of the largest seed policy until its diagnostics arrive;
- a hover and a completion on it;
- `provisio fmt --check` of every seed policy, against `provisio check` of them.
Not part of the test command. usage: bench/editor.py [BUILD_DIR]"""
import os, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "lsp"))
from client import Client

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"))
provisio = os.path.join(build, "provisio")
policy = os.path.join(root, "policies", "qingyang-2023.prv")
text = open(policy, encoding="utf-8").read()
uri = "file://" + policy


def timed(f, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


check = timed(lambda: subprocess.run([provisio, "check", policy], check=True, capture_output=True), 20)

c = Client([provisio, "lsp"])
c.request("initialize", {"capabilities": {}})
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "provisio", "version": 1, "text": text}})
c.diagnostics(uri)
version = [1]


def keystroke():
    version[0] += 1
    edited = text + ("\n" if version[0] % 2 else "")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version[0]}, "contentChanges": [{"text": edited}]})
    c.diagnostics(uri)


line = next(i for i, l in enumerate(text.split("\n")) if "internship.unit_retention_rate" in l)
column = text.split("\n")[line].index("unit_retention_rate") + 1
change = timed(keystroke, 100)
hover = timed(lambda: c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}), 100)
complete = timed(lambda: c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}), 100)
c.request("shutdown")
c.notify("exit", None)
c.finish()

seeds = [os.path.join(root, "policies", f) for f in sorted(os.listdir(os.path.join(root, "policies"))) if f.endswith(".prv")]
fmt_all = timed(lambda: subprocess.run([provisio, "fmt", "--check", *seeds], check=True, capture_output=True), 10)
check_all = timed(lambda: subprocess.run([provisio, "check", *seeds], check=True, capture_output=True), 10)

print(f"{'':47} {'median ms':>10} {'vs check':>9}")
print(f"{'provisio check qingyang-2023.prv (baseline)':47} {check:10.2f} {1:9.2f}")
print(f"{'lsp: a change until its diagnostics':47} {change:10.2f} {change / check:9.2f}")
print(f"{'lsp: hover':47} {hover:10.2f} {hover / check:9.2f}")
print(f"{'lsp: completion':47} {complete:10.2f} {complete / check:9.2f}")
print(f"{'provisio check, the 5 seed policies (baseline)':47} {check_all:10.2f} {1:9.2f}")
print(f"{'provisio fmt --check, the 5 seed policies':47} {fmt_all:10.2f} {fmt_all / check_all:9.2f}")
