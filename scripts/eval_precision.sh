#!/usr/bin/env bash
# eval_precision.sh — the coder's precision on real news, from a
# hand-judged sample of its events on the Reuters-21578 bodies.
#
#   scripts/eval_precision.sh [--sample N] [JSONL] [-- orrery code options]
#
# The judgments are bench/precision/reuters-precision.tsv (doc id, sentence index,
# source, target, CAMEO code, verdict, reason class, origin; no Reuters
# text).  The script codes JSONL (default: all 19,043 Reuters bodies,
# written to build/bench/reuters-all.jsonl from ../shared as bench_code.sh
# does) and reports
#   - for each origin of judgments ("sample": drawn from the coder's
#     output before the precision rules; "sample2": drawn from it after),
#     precision over the judged events still produced and the error
#     classes of the wrong ones;
#   - the judged events no longer produced (with their verdicts: a change
#     should remove wrong ones);
#   - events produced in a judged sentence that the TSV does not list, so
#     that a change adding events there is visible (judge them and append
#     them with origin "added").  The other events the coder made in the
#     sampled sentences when they were drawn are listed with verdict "-",
#     origin "sibling": known, not judged, not counted.
# With --sample N it instead prints N events drawn from the output the way
# the sample was drawn: the TSV sorted bytewise (LC_ALL=C), the event at
# line floor((j + 0.5) * lines / N) + 1 for j = 0 .. N-1.  Judgments come
# from a person reading each sentence (docs/coder.md, "Precision on real
# news"); the Reuters text is read from ../shared at run time, never stored.
set -eu
orrery=${ORRERY:-build/orrery}
judged=${JUDGED:-bench/precision/reuters-precision.tsv}
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
    python3 bench/reuters_jsonl.py "$dir"/reut2-*.xml > "$in"
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
# Produced events: doc, sentence, source, target, code (TSV columns 8, 9, 2, 3, 4);
# then the judgments, one row each (an event may be judged in two samples).
awk -F'\t' -v judged="$judged" '
FNR == NR { made[$8 "\t" $9 "\t" $2 "\t" $3 "\t" $4] = 1; next }
FNR == 1 && $1 == "doc" { next }
{
    k = $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5
    known[k] = 1; sent[$1 "\t" $2] = 1
    if ($6 == "-") { if (k in made) sib++; else sibgone++; next }
    o = $8; origins[o] = 1
    if (!(k in made)) { gone[o "\t" $6]++; next }
    n[o]++
    if ($6 == "correct") ok[o]++; else cls[o "\t" $7]++
}
END {
    for (o in origins) {
        printf "precision (%s): %d of %d judged events still produced are correct (%.1f%%; judged %d)\n",
               o, ok[o], n[o], n[o] ? 100 * ok[o] / n[o] : 0, n[o] + gone[o "\tcorrect"] + gone[o "\twrong"]
        for (c in cls) { split(c, p, "\t"); if (p[1] == o) printf "  wrong: %3d  %s\n", cls[c], p[2] }
        printf "  no longer produced: %d correct, %d wrong\n", gone[o "\tcorrect"], gone[o "\twrong"]
    }
    printf "unjudged siblings (verdict -) still produced: %d, no longer: %d\n", sib, sibgone
    for (k in made) {
        split(k, f, "\t")
        if ((f[1] "\t" f[2]) in sent && !(k in known)) { nunj++; list = list "  unjudged\t" k "\n" }
    }
    printf "events in judged sentences not in %s: %d\n%s", judged, nunj, list
}' "$out" "$judged"
