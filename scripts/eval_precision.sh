#!/usr/bin/env bash
# eval_precision.sh — the coder's precision on real news, from a
# hand-judged sample of its events on the Reuters-21578 bodies.
#
#   scripts/eval_precision.sh [--sample N] [JSONL] [-- orrery code options]
#
# The judgments are eval/reuters-precision.tsv (doc id, sentence index,
# source, target, CAMEO code, verdict, reason class, origin; no Reuters
# text).  The script codes JSONL (default: all 19,043 Reuters bodies,
# written to build/bench/reuters-all.jsonl from ../shared as bench_code.sh
# does) and reports
#   - precision over the sample's judged events that are still produced,
#     and the error classes of the wrong ones;
#   - the judged events no longer produced (with their verdicts: a change
#     should remove wrong ones);
#   - events produced in a judged sentence that the TSV does not list, so
#     that a change adding events there is visible (judge them and append
#     them with origin "added").  The other events the unchanged coder made
#     in the sampled sentences are listed with verdict "-", origin
#     "sibling": known, not judged, not counted.
# With --sample N it instead prints N events drawn from the output the way
# the sample was drawn: the TSV sorted bytewise (LC_ALL=C), the event at
# line floor((j + 0.5) * lines / N) + 1 for j = 0 .. N-1.  Judgments come
# from a person reading each sentence (docs/coder.md, "Precision on real
# news"); the Reuters text is read from ../shared at run time, never stored.
set -eu
orrery=${ORRERY:-build/orrery}
judged=${JUDGED:-eval/reuters-precision.tsv}
sample=0
if [ "${1:-}" = "--sample" ]; then sample=$2; shift 2; fi
in=${1:-}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
if [ -z "$in" ] || [ "$in" = "--" ]; then
    dir=${SHARED:-../shared}/corpus/reuters21578
    [ -d "$dir" ] || { echo "eval_precision: $dir not found and no JSONL given" >&2; exit 2; }
    mkdir -p build/bench
    in=build/bench/reuters-all.jsonl
    python3 - "$dir"/reut2-*.xml > "$in" <<'PY'
import json, re, sys, html
for path in sys.argv[1:]:
    raw = open(path, encoding="latin-1").read()
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
        body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        if body:
            text = html.unescape(re.sub(r"\s+", " ", body.group(1))).strip()
            print(json.dumps({"id": "reuters-" + m.group(1), "date": "1987-03-01", "text": text}))
PY
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$orrery" code -j 2 --format tsv "$@" "$in" > "$out" 2>/dev/null
echo "eval_precision: $(wc -l < "$out") events on $(wc -l < "$in") documents ($in)"
if [ "$sample" -gt 0 ]; then
    LC_ALL=C sort "$out" | awk -F'\t' -v n="$sample" '{l[NR] = $0}
        END { for (j = 0; j < n; j++) { i = int((j + 0.5) * NR / n) + 1
              split(l[i], f, "\t"); print f[8] "\t" f[9] "\t" f[2] "\t" f[3] "\t" f[4] } }'
    exit 0
fi
# Produced events: doc, sentence, source, target, code (TSV columns 8, 9, 2, 3, 4).
awk -F'\t' -v judged="$judged" '
BEGIN {
    while ((getline line < judged) > 0) {
        split(line, f, "\t")
        if (f[1] == "doc") continue
        k = f[1] "\t" f[2] "\t" f[3] "\t" f[4] "\t" f[5]
        verdict[k] = f[6]; reason[k] = f[7]; origin[k] = f[8]; sent[f[1] "\t" f[2]] = 1
        if (f[8] == "sample") nsample++
    }
}
{
    k = $8 "\t" $9 "\t" $2 "\t" $3 "\t" $4
    if (k in verdict) { if (!(k in seen)) seen[k] = 1 }
    else if (($8 "\t" $9) in sent && !(k in unj)) { unj[k] = 1; nunj++ }
}
END {
    for (k in verdict) {
        if (verdict[k] == "-") { if (k in seen) sib++; else sibgone++; continue }
        if (!(k in seen)) { gone[verdict[k]]++; continue }
        if (origin[k] == "sample") { n++; if (verdict[k] == "correct") ok++; else cls[reason[k]]++ }
        else { xn++; if (verdict[k] == "correct") xok++ }
    }
    printf "precision: %d of %d judged sample events still produced are correct (%.1f%%; sample %d)\n",
           ok, n, n ? 100 * ok / n : 0, nsample
    if (xn) printf "added judgments still produced: %d of %d correct\n", xok, xn
    for (c in cls) printf "  wrong: %3d  %s\n", cls[c], c
    printf "judged events no longer produced: %d correct, %d wrong\n", gone["correct"], gone["wrong"]
    printf "unjudged siblings (origin sibling, verdict -) still produced: %d, no longer: %d\n", sib, sibgone
    printf "events in judged sentences not in %s: %d\n", judged, nunj
    for (k in unj) print "  unjudged\t" k
}' "$out"
