#!/usr/bin/env bash
# The compiler and runtime know no domain: nothing under compiler/ or
# runtime/ names a fact, enum word, record, list or field of the seed
# schema (policies/schema/), nor its event. usage: domain_free.sh REPO_ROOT
set -u
root=$1
names=$(python3 - "$root"/policies/schema/*.prv << 'PY'
import re, sys
out = set()
for path in sys.argv[1:]:
    text = re.sub(r'//[^\n]*', '', open(path, encoding='utf-8').read())
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)  # descriptions and labels
    for kind, name, body in re.findall(r'\b(group|record)\s+(\w+)[^{]*\{(.*?)\n\}', text, re.S):
        if kind == 'record':
            out.add(r'\b' + name + r'\b')
        for field in re.findall(r'^\s*(\w+)\s*:', body, re.M):
            out.add(re.escape(name + '.' + field))
        for words in re.findall(r'enum\s*\{([^}]*)\}', body):
            for word in re.findall(r'(\w+)\s*""', words):
                out.add('"' + word + '"')
    for name in re.findall(r'^list\s+(\w+)', text, re.M):
        out.add(r'\b' + name + r'\b')
    for event in re.findall(r'^event\s+([\w.]+)', text, re.M):
        out.add(re.escape(event))
print('\n'.join(sorted(out)))
PY
)
[ -n "$names" ] || { echo "no names read from the schema"; exit 1; }
found=$(grep -rnE -f <(echo "$names" | sed "s/\\\\b/\\\\b/g") "$root/compiler" "$root/runtime")
if [ -n "$found" ]; then
  echo "domain knowledge in the compiler or runtime:"
  echo "$found"
  exit 1
fi
echo "compiler/ and runtime/ name none of the $(echo "$names" | wc -l) schema names"
