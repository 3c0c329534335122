"""provisio lsp, driven over stdio with real JSON-RPC messages as an editor
sends them: initialize, didOpen with errors, code actions, didChange fixing
them, hover, definition, completion, symbols, formatting, shutdown, exit.
Expected values are read from the policy text and the schema, not from the
server. usage: conversation.py PROVISIO REPO_ROOT"""
import os, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Client

provisio, root = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


work = tempfile.mkdtemp()
try:
    seeds = os.path.join(work, "policies")
    shutil.copytree(os.path.join(root, "policies"), seeds)
    path = os.path.join(seeds, "draft.prv")  # never saved: the editor's text is all there is
    uri = "file://" + path
    schema = open(os.path.join(seeds, "schema", "employment.prv"), encoding="utf-8").read().split("\n")
    xingan = open(os.path.join(seeds, "xingan-2023.prv"), encoding="utf-8").read().split("\n")

    broken = "\n".join([
        'policy draft-2024 "见习补贴草案"',
        '  source "测试〔2024〕1号"',
        '  effective 2024-01-01 .. 2024-12-31',
        '',
        'use "schema/employment.prv"',
        'use "xingan-2023.prv"',
        '',
        'param youth_age_limit: int = 24 cite "第一条"',
        '',
        'provision internship "就业见习补贴"',
        '  cite "第二条"',
        '  let 月补贴 "每月补贴" = 1500元',
        '  require age: age(person.birth_date) in 16 .. youth_age_limit else "16—24岁"',
        '  output amount "补贴金额": money = 月补帖 * internship.months',
        '  output kept: rate = tier internship.unit_retention_rate {',
        '    below 50% => 0%',
        '    40% ..    => 10%',
        '  }',
        '',
        'provision refund "稳岗返还" extends xingan-2023.job_retention_refund',
        '  cite "第三条"',
        '  effective 2024-01-01 .. 2024-12-31',
        '  require small: enterprise.size in ["small", "micro"] else "小微企业"',
        '',
    ])
    lines = broken.split("\n")

    c = Client([provisio, "lsp", "--policy-path", seeds])
    try:
        init = c.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + seeds, "capabilities": {}})
        caps = init["result"]["capabilities"]
        check(caps.get("positionEncoding") == "utf-16", f"position encoding {caps.get('positionEncoding')}")
        for cap in ("hoverProvider", "definitionProvider", "documentSymbolProvider", "documentFormattingProvider"):
            check(caps.get(cap) is True, f"capability {cap}")
        check("." in caps["completionProvider"]["triggerCharacters"], "completion on `.`")
        c.notify("initialized", {})

        # didOpen with two errors: a misspelt let (with its did-you-mean) and overlapping tier bands.
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "provisio", "version": 1, "text": broken}})
        diags = c.diagnostics(uri)
        by_code = {d["code"]: d for d in diags}
        check(set(by_code) == {"UnknownName", "TierOverlap", "UnusedLet"}, f"diagnostics on open: {[d['code'] for d in diags]}")
        check(by_code.get("UnusedLet", {}).get("severity") == 2, "the unused let (read only through the misspelling) is a warning")
        if "UnknownName" in by_code:
            d = by_code["UnknownName"]
            col = lines[13].index("月补帖")  # UTF-16 units: every character here is in the BMP
            check(d["range"] == {"start": {"line": 13, "character": col}, "end": {"line": 13, "character": col + 3}}, f"UnknownName range {d['range']}")
            check(d["severity"] == 1 and "did you mean `月补贴`" in d["message"], f"UnknownName message {d['message']}")
        if "TierOverlap" in by_code:
            d = by_code["TierOverlap"]
            check(d["range"]["start"]["line"] == 16, f"TierOverlap on the second band: {d['range']}")
            related = d.get("relatedInformation", [])
            check(len(related) == 1 and related[0]["location"]["uri"] == uri and related[0]["location"]["range"]["start"]["line"] == 15,
                  f"TierOverlap's related place is the other band: {related}")

        # The did-you-mean as a quick fix.
        actions = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                            "range": {"start": {"line": 13, "character": 0}, "end": {"line": 13, "character": 0}},
                            "context": {"diagnostics": []}})["result"]
        check(len(actions) == 1, f"one code action on line 14: {actions}")
        if actions:
            edit = actions[0]["edit"]["changes"][uri][0]
            col = lines[13].index("月补帖")
            check(actions[0]["kind"] == "quickfix" and edit["newText"] == "月补贴"
                  and edit["range"]["start"] == {"line": 13, "character": col}, f"the fix: {actions[0]}")

        # didChange (incremental, as VS Code sends it): the fix applied, the bands made to tile.
        col = lines[13].index("月补帖")
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 13, "character": col}, "end": {"line": 13, "character": col + 3}}, "text": "月补贴"},
            {"range": {"start": {"line": 16, "character": 4}, "end": {"line": 16, "character": 7}}, "text": "50%"},
        ]})
        diags = c.diagnostics(uri)
        check(diags == [], f"no diagnostics once fixed: {diags}")
        fixed = lines[:]
        fixed[13] = fixed[13].replace("月补帖", "月补贴")
        fixed[16] = fixed[16].replace("40%", "50%")

        def at(line, word, nth=0):
            start = -1
            for _ in range(nth + 1):
                start = fixed[line].index(word, start + 1)
            return {"line": line, "character": start + 1}

        def hover(position):
            r = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})["result"]
            return r["contents"]["value"] if r else ""

        # Hover: a fact (type, unit, range, description from the schema), a param, a let, a provision.
        h = hover(at(13, "months"))
        check("internship.months" in h and "`int`" in h and "≥ 0" in h and "见习月数" in h, f"hover on internship.months: {h!r}")
        h = hover(at(12, "birth_date"))
        check("person.birth_date" in h and "calendar date" in h and "出生日期" in h, f"hover on person.birth_date: {h!r}")
        h = hover(at(12, "youth_age_limit"))
        check("param youth_age_limit" in h and "`int`" in h and "24" in h and "第一条" in h, f"hover on the param: {h!r}")
        h = hover(at(13, "月补贴"))
        check("let 月补贴" in h and "每月补贴" in h and "1500元" in h, f"hover on the let: {h!r}")
        h = hover(at(19, "job_retention_refund"))
        check("xingan-2023.job_retention_refund" in h and "失业保险稳岗返还" in h and "第十条" in h and "2023-01-01 .. 2023-12-31" in h,
              f"hover on the base provision: {h!r}")
        h = hover(at(9, "internship"))
        check("draft-2024.internship" in h and "就业见习补贴" in h and "第二条" in h and "2024-01-01 .. 2024-12-31" in h, f"hover on the provision: {h!r}")
        h = hover(at(22, "small", 1))
        check('"small"' in h and "小型企业" in h and "enterprise.size" in h and "微型企业" in h, f"hover on an enum word: {h!r}")
        check(hover({"line": 400, "character": 9}) == "", "hover past the end is null")

        def definition(position):
            return c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": position})["result"]

        # Definition: across `use` (a fact into the schema) and `extends` (into the seed policy).
        d = definition(at(13, "months"))
        months_line = next(i for i, l in enumerate(schema) if l.strip().startswith("months:"))
        check(d and d["uri"] == "file://" + os.path.join(seeds, "schema", "employment.prv") and d["range"]["start"] == {"line": months_line, "character": 2},
              f"definition of internship.months: {d}")
        d = definition(at(19, "job_retention_refund"))
        base_line = next(i for i, l in enumerate(xingan) if l.startswith("provision job_retention_refund"))
        check(d and d["uri"] == "file://" + os.path.join(seeds, "xingan-2023.prv") and d["range"]["start"] == {"line": base_line, "character": 10},
              f"definition of the base provision: {d}")
        d = definition(at(5, "xingan"))
        check(d and d["uri"] == "file://" + os.path.join(seeds, "xingan-2023.prv"), f"definition of a use: {d}")
        d = definition(at(22, "small", 1))
        size_line = next(i for i, l in enumerate(schema) if l.strip().startswith("size: enum"))
        check(d and d["range"]["start"] == {"line": size_line, "character": schema[size_line].index(" small ") + 1}, f"definition of an enum word: {d}")
        d = definition(at(13, "月补贴"))
        check(d and d["uri"] == uri and d["range"]["start"] == {"line": 11, "character": 6}, f"definition of the let: {d}")

        def complete(text_before, line=14):
            # Type on a new line inside the provision, then ask at its end.
            nonlocal_text = fixed[:line] + ["  " + text_before] + fixed[line:]
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "\n".join(nonlocal_text)}]})
            c.diagnostics(uri)
            r = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2 + len(text_before)}})["result"]
            return {i["label"]: i for i in r["items"]}

        # Completion: the facts of a group after `.`, enum words in a string, names in scope and keywords.
        person_fields = [l.split(":")[0].strip() for l in schema[schema.index(next(l for l in schema if l.startswith("group person"))) + 1:]]
        person_fields = person_fields[:person_fields.index("}")]
        items = complete("require x: person.")
        check(set(items) == set(person_fields), f"completion after person.: {sorted(items)} vs {sorted(person_fields)}")
        check(items.get("birth_date", {}).get("detail") == "date", f"birth_date's detail: {items.get('birth_date')}")
        items = complete('require x: enterprise.size == "')
        check(set(items) == {"large", "medium", "small", "micro"}, f"enum words: {sorted(items)}")
        items = complete("require x: ")
        for name in ("月补贴", "amount", "youth_age_limit", "require", "output", "age", "person", "person.birth_date", "claims"):
            check(name in items, f"completion offers {name}")
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": "\n".join(fixed)}]})
        check(c.diagnostics(uri) == [], "clean again")

        # The outline.
        symbols = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
        names = [s["name"] for s in symbols]
        check(names == ["draft-2024", "youth_age_limit", "internship", "refund"], f"symbols: {names}")
        refund = next((s for s in symbols if s["name"] == "refund"), {"children": []})
        check([s["name"] for s in refund["children"]] == ["small"], f"refund's named condition: {refund['children']}")
        internship = next((s for s in symbols if s["name"] == "internship"), {"children": []})
        check([s["name"] for s in internship["children"]] == ["月补贴", "age", "amount", "kept"], f"internship's children: {internship['children']}")
        check(internship.get("range", {}).get("start", {}).get("line") == 9 and internship["range"]["end"]["line"] == 19, f"internship's range {internship.get('range')}")

        # Formatting through fmt: the whole text replaced by its canonical layout.
        messy = "\n".join(fixed).replace("  cite \"第二条\"", "        cite   \"第二条\"").replace("    below 50% => 0%", "below 50%=>0%")
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": messy}]})
        c.diagnostics(uri)
        edits = c.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})["result"]
        check(len(edits) == 1, f"one formatting edit: {edits}")
        if edits:
            expected = "\n".join(fixed)
            expected = expected.replace("    below 50% => 0%\n    50% ..    => 10%", "    below 50% => 0%\n    50% ..    => 10%")
            check(edits[0]["newText"] == expected.rstrip("\n") + "\n", f"formatted text:\n{edits[0]['newText']}")
            check(edits[0]["range"]["start"] == {"line": 0, "character": 0}, "the edit covers the text")

        # A base provision of a policy not read: the fix adds its `use` after the last one.
        unread = fixed + ['provision loan "贷款" extends alxa-2019.startup_subsidy', '  cite "第四条"', '  effective 2024-01-01 .. 2024-12-31', '']
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 6}, "contentChanges": [{"text": "\n".join(unread)}]})
        diags = c.diagnostics(uri)
        check([d["code"] for d in diags] == ["UnknownBase"] and 'use "alxa-2019.prv"' in diags[0]["message"], f"the unread base: {diags}")
        line = len(fixed)
        actions = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 5}}, "context": {"diagnostics": diags}})["result"]
        edit = actions[0]["edit"]["changes"][uri][0] if actions else {}
        check(len(actions) == 1 and actions[0]["title"] == 'Add `use "alxa-2019.prv"`' and edit.get("newText") == 'use "alxa-2019.prv"\n'
              and edit["range"] == {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}}, f"the use fix: {actions}")
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 7}, "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
        diags = c.diagnostics(uri)
        check(diags == [], f"the fix applied, the base is found: {diags}")

        # Errors that must not stop the server.
        c.send_raw(b"Content-Length: 9\r\n\r\n{not json")
        e = c.wait(lambda m: "error" in m and m.get("id") is None)
        check(e["error"]["code"] == -32700, f"malformed JSON: {e}")
        e = c.request("textDocument/rename", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}, "newName": "x"})
        check(e.get("error", {}).get("code") == -32601, f"unknown method: {e}")
        e = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": "one"}})
        check(e.get("error", {}).get("code") == -32602, f"bad params: {e}")

        # A new, empty file is said to be no policy yet, as `check` says of it.
        empty = "file://" + os.path.join(seeds, "new.prv")
        c.notify("textDocument/didOpen", {"textDocument": {"uri": empty, "languageId": "provisio", "version": 1, "text": ""}})
        diags = c.diagnostics(empty)
        check([d["code"] for d in diags] == ["NotAPolicyFile"] and "it is empty" in diags[0]["message"], f"an empty document: {diags}")
        c.notify("textDocument/didClose", {"textDocument": {"uri": empty}})
        c.diagnostics(empty)

        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        check(c.diagnostics(uri) == [], "closing clears")
        check(c.request("shutdown")["result"] is None, "shutdown answers null")
        c.notify("exit", None)
        check(c.finish() == 0, f"exit after shutdown is 0: {c.stderr}")
    finally:
        if c.proc.poll() is None:
            c.proc.kill()

    # A client that leaves without shutting down, one that asks first, one that breaks the framing.
    c = Client([provisio, "lsp"])
    e = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    check(e.get("error", {}).get("code") == -32002, f"before initialize: {e}")
    c.proc.stdin.close()
    check(c.finish() == 1, "end of input without shutdown exits 1")
    c = Client([provisio, "lsp"])
    c.send_raw(b"Content-Length: many\r\n\r\n{}")
    code = c.finish()
    check(code == 1 and "LanguageServerStream" in c.stderr, f"a broken header: exit {code}, {c.stderr!r}")
finally:
    shutil.rmtree(work, ignore_errors=True)

print("lsp conversation:", "all checks passed" if not failures else f"{len(failures)} failed")
sys.exit(1 if failures else 0)
