"""reuters_jsonl.py FILE.xml... — the Reuters-21578 bodies as orrery JSON
lines, one {"id", "date", "text"} per line on stdout (every body dated
1987-03-01: the collection's stories are from 1987).  The benchmark and
evaluation scripts run it on ../shared at run time; the text is never
stored in the repository."""
import html
import json
import re
import sys

for path in sys.argv[1:]:
    raw = open(path, encoding="latin-1").read()
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
        body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        if body:
            text = html.unescape(re.sub(r"\s+", " ", body.group(1))).strip()
            print(json.dumps({"id": "reuters-" + m.group(1), "date": "1987-03-01", "text": text}))
