#!/usr/bin/env bash
# forecast.sh — orrery forecast and eval forecast end to end: the Ukraine
# example under every model, JSON output, bad input reported with file:line,
# usage errors, and (when ../shared is present) the EU example and DEU III.
. "$(dirname "$0")/lib.sh.inc"

ex=examples/ukraine-2025.csv
out=$("$ORRERY" forecast "$ex" 2>&1)
check_contains "ukraine: bdm row" "bdm " "$out"
check_contains "ukraine: compromise forecast" "compromise      53.42" "$out"
check_contains "ukraine: median forecast" "median          60.00" "$out"
check_contains "ukraine: rounds shown" "round 1 " "$out"
check_eq "ukraine: --model median prints one model" 1 "$("$ORRERY" forecast "$ex" --model median | grep -cE '^(bdm|compromise|median) ')"

json=$("$ORRERY" forecast "$ex" --format json --rounds 3)
check_eq "json: compromise" "53.42" "$(printf '%s' "$json" | jq -r '.models.compromise.forecast*100|round/100')"
check_eq "json: 3 rounds" 3 "$(printf '%s' "$json" | jq '.models.bdm.rounds|length')"
check_eq "json: 11 actors per round" 11 "$(printf '%s' "$json" | jq '.models.bdm.rounds[0].actors|length')"
check_eq "json: scale" "[0,100]" "$(printf '%s' "$json" | jq -c '.scale|map(round)')"

for v in published all-pairs sq-sign risk-neutral risk-positions scale-range own-risk; do
  check "variant $v runs" "$ORRERY" forecast "$ex" --variant "$v" --rounds 5
done

printf 'actor,capability,position,salience\nA,1,50,0.5\nB,1,150,0.5\n' > "$TMP/noscale.csv"
"$ORRERY" forecast "$TMP/noscale.csv" > "$TMP/out" 2>&1
check_eq "no scale: exit 1" 1 $?
check_contains "no scale: says how to declare one" "no position scale declared" "$(cat "$TMP/out")"
out=$("$ORRERY" forecast "$TMP/noscale.csv" --scale 0-100 2>&1)
check_contains "--scale checks positions" "noscale.csv:3: position 150 of B is outside the scale 0-100" "$out"
check "--scale 0-200 accepted" "$ORRERY" forecast "$TMP/noscale.csv" --scale 0-200

printf '# scale: 0-10\nactor,capability,position,salience\nA,1,5,0.5\nB,one,5,0.5\n' > "$TMP/bad.csv"
"$ORRERY" forecast "$TMP/bad.csv" > "$TMP/out" 2>&1
check_eq "bad number: exit 1" 1 $?
check_contains "bad number: file:line" "bad.csv:4: capability 'one' of B is not a number" "$(cat "$TMP/out")"
head -c 3000 /dev/urandom > "$TMP/random.bin"
"$ORRERY" forecast "$TMP/random.bin" > /dev/null 2>&1
check_eq "random bytes: clean failure, exit 1" 1 $?
"$ORRERY" forecast "$ex" --model oracle > /dev/null 2>&1
check_eq "unknown model: exit 2" 2 $?
"$ORRERY" forecast "$ex" --variant nonsense > "$TMP/out" 2>&1
check_eq "unknown variant: exit 2" 2 $?
check_contains "unknown variant lists the known ones" "risk-positions" "$(cat "$TMP/out")"
"$ORRERY" forecast "$ex" --rounds 0 > /dev/null 2>&1
check_eq "rounds 0: exit 2" 2 $?

# --salience-from-events: hints from stored events between the parties.
db=$TMP/ev.db
"$ORRERY" docs --db "$db" > /dev/null 2>&1   # creates the schema
"$ORRERY" forecast "$ex" --salience-from-events --db "$db" > "$TMP/out" 2>&1
check_eq "no events: exit 1" 1 $?
check_contains "no events: says so" "no stored events between the issue's actors" "$(cat "$TMP/out")"
for row in "1|USA|RUS" "2|RUS|USA" "3|USA|UKR" "4|RUS|UKR" "5|UKR|GBR" "6|USA|RUS"; do
  IFS='|' read -r id s t <<< "$row"
  sqlite3 "$db" "INSERT INTO events (date, source_code, source_country, target_code, target_country, code, root, quad, dataset, origin_id) VALUES ('2025-02-18', '$s', '$s', '$t', '$t', '040', 4, 1, 'test', '$id')"
done
out=$("$ORRERY" forecast "$ex" --salience-from-events --db "$db" --model compromise)
check_contains "hints: USA in 4 events, scale 1" "USA                     4      0.70      1.00" "$out"
check_contains "hints: UKR in 3 events" "UKR                     3      1.00      0.75" "$out"
check_contains "hints: an actor without events gets 0" "TUR                     0      0.50      0.00" "$out"
json=$("$ORRERY" forecast "$ex" --salience-from-events --db "$db" --format json)
check_eq "hints in JSON" 0.25 "$(printf '%s' "$json" | jq '.salience_from_events[] | select(.actor=="GBR") | .salience')"
"$ORRERY" forecast "$ex" --db "$db" > /dev/null 2>&1
check_eq "--db without --salience-from-events: exit 2" 2 $?

eu=${SHARED:-../shared}/bdm/scholz/ExampleActors.csv
if [ -r "$eu" ]; then
  out=$("$ORRERY" forecast "$eu" --scale 0-10 --rounds 10)
  check_contains "EU example: median voter 7 after 10 rounds" "bdm              7.00  median voter after 10 rounds" "$out"
  check_contains "EU example: compromise 7.39" "compromise       7.39" "$out"
  check_contains "EU example: round 1 Belgium moves to 4" "Belgium loses a confrontation to Netherlands -> 4.000" "$out"
  sultan=${SHARED:-../shared}/bdm/scholz/Sultan.csv
  json=$("$ORRERY" forecast "$sultan" --scale 12-15 --rounds 10 --format json)
  check_eq "Sultan (17 actors): forecasts after 10 rounds" "[13.9,13.6946,13.6199,13.9]" \
    "$(printf '%s' "$json" | jq -c '[.models.bdm.forecast, .models.bdm.mean, .models.compromise.forecast, .models.median.forecast] | map(. * 10000 | round / 10000)')"
else
  echo "ok - skipped (no $eu)"
fi

deu=${SHARED:-../shared}/bdm/predictioneers_game/deu3.csv
if [ -r "$deu" ]; then
  json=$("$ORRERY" eval forecast "$deu" --format json)
  check_eq "DEU III: 353 issues scored" 353 "$(printf '%s' "$json" | jq .scored)"
  check_eq "DEU III: 11 rows without outcome" 11 "$(printf '%s' "$json" | jq .no_outcome)"
  check_eq "DEU III: compromise MAE 23.22" "23.22" "$(printf '%s' "$json" | jq '.models.compromise.mae*100|round/100')"
  check_eq "DEU III: lowest MAE model" '"compromise"' "$(printf '%s' "$json" | jq .best_mae)"
  n=$("$ORRERY" eval forecast "$deu" --by-proposal | awk 'NF == 6 && $1 != "proposal"' | wc -l)
  check_eq "DEU III: one line per proposal" 137 "$n"
else
  echo "ok - skipped (no $deu)"
fi
printf 'a\tb\n' > "$TMP/notdeu.tsv"
"$ORRERY" eval forecast "$TMP/notdeu.tsv" > "$TMP/out" 2>&1
check_eq "eval on a non-DEU file: exit 1" 1 $?
check_contains "eval names the file and line" "notdeu.tsv:1: not a DEU III table" "$(cat "$TMP/out")"
exit 0
