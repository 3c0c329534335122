"""Every golden case through the typed functions of `provisio build --sql`:
the case's facts written as SQL values of the declared types (lists as
arrays of their record's row type), the row compared with `provisio eval`'s
answer to the same facts — eligibility, every output, the failed condition
present exactly when not eligible, and for an error the fact it names.

A case whose facts no SQL value of the declared type can carry (a string
where a number is declared, a date that is no calendar date) is counted
apart: SQL refuses such a value before any function is called.

usage: typed_golden.py CASES.json SETUP-SQL PSQL-ARGUMENT… (psql with its connection)
"""
import datetime
import json
import subprocess
import sys
from decimal import Decimal, InvalidOperation

cases_file, setup, psql = sys.argv[1], sys.argv[2], sys.argv[3:]


def sql(query):
    out = subprocess.run([*psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"], input=f"{setup};\n{query};\n",
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql: {out.stderr}")
    return out.stdout


# The typed functions and the row types of the lists they take, as declared.
functions = {}
for line in sql("""SELECT json_build_array(n.nspname || '.' || p.proname, p.proargnames,
                          (SELECT json_agg(format_type(t, NULL) ORDER BY i) FROM unnest(p.proargtypes) WITH ORDINALITY u(t, i)))
                   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prosrc = 'provisio_typed'""").splitlines():
    name, args, types = json.loads(line)
    if types and not args:
        continue  # not generated: they name their arguments
    functions[name] = list(zip(args or [], types or []))
records = {}
for line in sql("""SELECT json_build_array(format_type(t.oid, NULL) || '[]',
                          json_agg(json_build_array(a.attname, format_type(a.atttypid, NULL)) ORDER BY a.attnum))
                   FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0
                   WHERE t.typtype = 'c' GROUP BY t.oid""").splitlines():
    array, fields = json.loads(line)
    records[array] = fields


class Inexpressible(Exception):
    pass


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def literal(value, type):
    """`value` (JSON) as an SQL literal of `type`, as `provisio eval` reads it."""
    if value is None:
        return "NULL"
    if type in records:
        if not isinstance(value, list):
            raise Inexpressible
        elements = []
        for element in value:
            if not isinstance(element, dict):
                raise Inexpressible
            fields = [literal(element.get(f), t) for f, t in records[type]]
            elements.append(f"ROW({', '.join(fields)})::{type[:-2]}")
        return f"ARRAY[{', '.join(elements)}]::{type}"
    if type == "boolean" and isinstance(value, bool):
        return "true" if value else "false"
    if type == "bigint" and isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63:
        return str(value)
    if type == "date" and isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise Inexpressible
        return quote(value) + "::date"
    if type == "text" and isinstance(value, str):
        return quote(value)
    if type == "numeric" and not isinstance(value, bool) and isinstance(value, (int, Decimal, str)):
        try:  # a rate written "5.5%" is the fraction 0.055
            n = Decimal(value[:-1]) / 100 if isinstance(value, str) and value.endswith("%") else Decimal(value)
        except InvalidOperation:
            raise Inexpressible
        if not n.is_finite():
            raise Inexpressible
        return f"{n}::numeric"
    raise Inexpressible


def flat(record):
    """A record's facts by their full name (`group.name`), its lists by theirs."""
    out = {}
    for key, value in record.items():
        if isinstance(value, dict) and "." not in key:
            for name, v in value.items():
                out[f"{key}.{name}"] = v
        else:
            out[key] = value
    return out


def call(provision, record):
    facts = flat(record)
    by_arg = {name.replace(".", "_"): v for name, v in facts.items()}
    by_arg.update(facts)
    policy, name = provision.split(".", 1)
    args = [literal(by_arg.get(arg), type) for arg, type in functions[provision]]
    return f'"{policy}"."{name}"({", ".join(args)})'


with open(cases_file, encoding="utf-8") as f:
    cases = json.loads(f.read(), parse_float=Decimal)
calls, expected, inexpressible = [], [], 0
for provision, record, answer in cases:
    try:
        calls.append(call(provision, record))
        expected.append(answer)
    except Inexpressible:
        inexpressible += 1

answers = sql("SELECT typed_answer(c) FROM unnest(ARRAY[" + ", ".join(quote(c) for c in calls) +
              "]::text[]) WITH ORDINALITY u(c, i) ORDER BY i")
answers = [json.loads(a, parse_float=Decimal) for a in answers.splitlines()]
if len(answers) != len(calls):
    sys.exit(f"{len(answers)} answers to {len(calls)} calls")


def same(typed, answer):
    if "error" in answer:
        return "error" in typed and typed.get("detail", "") == (f"fact: {answer['fact']}" if answer.get("fact") else "")
    if "error" in typed or typed["eligible"] != answer["eligible"]:
        return False
    if (typed["failed_condition"] is None) != answer["eligible"]:
        return False
    for column, value in typed.items():
        if column in ("eligible", "failed_condition"):
            continue
        if column not in answer:
            if value is not None:
                return False
        elif (Decimal(value) != answer[column]) if isinstance(answer[column], Decimal) else (value != answer[column]):
            return False
    return True


differ = [(c, e, a) for c, e, a in zip(calls, expected, answers) if not same(a, e)]
errors = sum(1 for e in expected if "error" in e)
for c, e, a in differ[:5]:
    print(f"  {c}\n    eval:  {json.dumps(e, default=str, ensure_ascii=False)}\n    typed: {json.dumps(a, default=str, ensure_ascii=False)}")
print(f"{len(calls) - len(differ)} of {len(calls)} golden records answered by the typed functions as by provisio eval "
      f"({errors} errors; {inexpressible} more whose facts no value of the declared SQL type can carry)")
sys.exit(1 if differ or len(calls) < 300 or errors == 0 else 0)
