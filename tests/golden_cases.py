"""The golden suites of every policy as `provisio test` reads them, for the
checks that run each case through another path (explain, the PostgreSQL
extension): the policy file, its extra arguments, and each case's facts
(its suite's base merged with them)."""
import json
from pathlib import Path


def merge(base, over):
    if not isinstance(base, dict) or not isinstance(over, dict):
        return over
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if k in out else v
    return out


def suites(root):
    """(policy, extra arguments, suite file, suite) for every suite."""
    root = Path(root)
    for folder in sorted((root / "tests/golden").iterdir()):
        if (root / "examples" / f"{folder.name}.prv").exists():  # from outside the seeds, over them
            policy, extra = root / "examples" / f"{folder.name}.prv", ["--policy-path", str(root / "policies")]
        else:
            policy, extra = root / "policies" / f"{folder.name}.prv", []
        for suite in sorted(folder.glob("*.json")):
            yield policy, extra, suite, json.loads(suite.read_text())


def facts(suite, case):
    return merge(suite.get("base", {}), case.get("facts", {}))


def provision(suite, case):
    return case.get("provision", suite.get("provision", ""))
