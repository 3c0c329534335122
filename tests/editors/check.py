"""The editor support in editors/ stays whole and in step with the grammar:
the VS Code extension's manifest names files that exist and parse, and
every keyword of grammar/Provisio.g4 is highlighted by both the TextMate
grammar and the Vim syntax file. usage: check.py REPO_ROOT"""
import json, os, re, sys

root = sys.argv[1]
problems = []
vscode = os.path.join(root, "editors", "vscode")
manifest = json.load(open(os.path.join(vscode, "package.json"), encoding="utf-8"))
language = manifest["contributes"]["languages"][0]
if language["id"] != "provisio" or ".prv" not in language["extensions"]:
    problems.append(f"the language is not provisio for .prv: {language}")
config = json.load(open(os.path.join(vscode, language["configuration"]), encoding="utf-8"))
if config["comments"]["lineComment"] != "//":
    problems.append("line comments are not //")
grammar_entry = manifest["contributes"]["grammars"][0]
grammar = json.load(open(os.path.join(vscode, grammar_entry["path"]), encoding="utf-8"))
if grammar["scopeName"] != grammar_entry["scopeName"]:
    problems.append("the grammar's scopeName differs from the manifest's")
if not os.path.exists(os.path.join(vscode, manifest["main"])):
    problems.append(f"no {manifest['main']}")
if "vscode-languageclient" not in manifest.get("dependencies", {}):
    problems.append("the extension does not depend on vscode-languageclient")
extension = open(os.path.join(vscode, manifest["main"]), encoding="utf-8").read()
if '"lsp"' not in extension or "--policy-path" not in extension:
    problems.append("the extension does not start `provisio lsp` with the policy path")

g4 = open(os.path.join(root, "grammar", "Provisio.g4"), encoding="utf-8").read()
g4 = re.sub(r"//.*", "", g4)
keywords = sorted(set(re.findall(r"'([a-z]+)'", g4)))
tm_words = set(re.findall(r"[a-z]+", json.dumps(grammar["repository"])))
vim = open(os.path.join(root, "editors", "vim", "syntax", "provisio.vim"), encoding="utf-8").read()
vim_words = set()
for line in vim.splitlines():
    if line.startswith("syntax keyword "):
        vim_words.update(line.split()[3:])
    elif line.startswith("syntax match provisioFunction"):
        vim_words.update(re.findall(r"[a-z]+", line.split("/")[1]))
for k in keywords:
    if k not in tm_words:
        problems.append(f"keyword `{k}` is not in the TextMate grammar")
    if k not in vim_words:
        problems.append(f"keyword `{k}` is not in the Vim syntax")
for p in problems:
    print("FAIL:", p)
print(f"{len(keywords)} keywords highlighted by both editors" if not problems else f"{len(problems)} problems")
sys.exit(1 if problems else 0)
