#!/usr/bin/python3
"""`provisio facts --json-schema` against a real validator (Debian's
python3-jsonschema, draft 2020-12): the bundled applicants validate, and
records that provisio refuses are refused by the schema too.
usage: facts_schema.py PROVISIO REPO_ROOT"""
import copy
import json
import subprocess
import sys

from jsonschema import Draft202012Validator

binary, root = sys.argv[1], sys.argv[2]
policy = f"{root}/policies/xingan-2023.prv"
failures = passes = 0


def check(name, ok, detail=""):
    global failures, passes
    if ok:
        passes += 1
    else:
        failures += 1
        print(f"FAIL {name} {detail}")


out = subprocess.run([binary, "facts", policy, "--json-schema"], capture_output=True, text=True, check=True).stdout
schema = json.loads(out)
Draft202012Validator.check_schema(schema)  # a well-formed draft 2020-12 schema
validator = Draft202012Validator(schema)

applicants = [json.loads(line) for line in open(f"{root}/examples/applicants.jsonl", encoding="utf-8")]
invalid = [n for n, a in enumerate(applicants, 1) if not validator.is_valid(a)]
check("applicants_validate", len(applicants) == 400 and not invalid, f"invalid lines: {invalid[:5]}")

# Bad records: each is refused by the schema, and by provisio for a provision that reads the fact.
good = applicants[0]
def variant(path, value):
    record = copy.deepcopy(good)
    group, field = path.split(".")
    if value is KeyError:
        del record[group][field]
    else:
        record[group][field] = value
    return record

flat = {k: v for k, v in good.items() if k != "enterprise"}
flat.update({f"enterprise.{k}": v for k, v in good["enterprise"].items()})
check("flat_form_validates", validator.is_valid(flat))

bad = {
    "missing_fact": (variant("enterprise.layoffs_prior_year", KeyError), "xingan-2023.job_retention_refund"),
    "null_required": (variant("enterprise.layoffs_prior_year", None), "xingan-2023.job_retention_refund"),
    "unknown_enum_word": (variant("enterprise.size", "huge"), "xingan-2023.job_retention_refund"),
    "negative_count": (variant("enterprise.layoffs_prior_year", -1), "xingan-2023.job_retention_refund"),
    "money_three_decimals": (variant("enterprise.ui_premium_paid_prior_year", "1.005"), "xingan-2023.job_retention_refund"),
    "date_not_a_string": (variant("application.date", 20230601), "xingan-2023.job_retention_refund"),
    "risk_class_out_of_range": (variant("enterprise.industry_risk_class", 9), "xingan-2023.injury_rate_reduction"),
}
for name, (record, provision) in bad.items():
    check(f"schema_refuses_{name}", not validator.is_valid(record))
    run = subprocess.run([binary, "eval", policy, "--provision", provision, "--facts", "-"],
                         input=json.dumps(record), capture_output=True, text=True)
    check(f"provisio_refuses_{name}", run.returncode == 2, f"exit {run.returncode}: {run.stdout}{run.stderr}")

# The table names each fact with its type, range and the provisions reading it.
table = subprocess.run([binary, "facts", policy], capture_output=True, text=True, check=True).stdout
check("table_range", "enterprise.industry_risk_class\n  type: int (whole number)   range: 1 .. 8" in table, table[:300])
check("table_enum", "one of large | medium | small | micro" in table)
check("table_readers", "read by: job_retention_refund" in table)

print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures else 0)
