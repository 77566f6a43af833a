#!/usr/bin/env bash
# dict.sh — orrery dict end to end: compile text dictionaries, check them
# (file:line diagnostics, exit codes), look phrases up on dates, stats.
. "$(dirname "$0")/lib.sh.inc"

cat > "$TMP/t.actors.txt" <<'D'
RUSSIAN_FEDERATION_  [RUS]
+RUSSIAN
DONALD_TRUMP_
+TRUMP_
	[USAELI <20170120]
	[USAGOV 20170120-20210120]
	[USAELI 20210120-20250120]
	[USAGOV >20250120]
BROKEN_
	[USAGOV 20250231-20250301]
D
printf 'FOREIGN_MINISTER [~GOV]\n' > "$TMP/t.agents.txt"

"$ORRERY" dict compile "$TMP/t.actors.txt" "$TMP/t.agents.txt" -o "$TMP/t.orrdict" 2>"$TMP/err"
check_eq "compile with a bad line: exit 3 (bad input, rest compiled)" 3 $?
check_contains "compile names the bad line" "t.actors.txt:10: error: bad date in range" "$(cat "$TMP/err")"
check "compiled file exists" test -s "$TMP/t.orrdict"

out=$("$ORRERY" dict lookup "Donald Trump met the Russian foreign minister" --date 2022-06-01 --dict "$TMP/t.orrdict")
check_contains "Trump out of office in 2022" "Donald Trump	actor	USAELI" "$out"
check_contains "why: the dated role and its line" "[USAELI 2021-01-20..2025-01-20] (line 7) holds on 2022-06-01" "$out"
check_contains "nationality + title composed" "Russian foreign minister	actor	RUSGOV" "$out"
out=$("$ORRERY" dict lookup "Trump" --date 2025-03-01 --dict "$TMP/t.orrdict")
check_contains "Trump in office in 2025" "USAGOV" "$out"
"$ORRERY" dict lookup "Trump" --date 2025-13-01 --dict "$TMP/t.orrdict" >/dev/null 2>&1
check_eq "bad --date: exit 2" 2 $?

out=$("$ORRERY" dict check "$TMP/t.actors.txt" "$TMP/t.agents.txt")
check_eq "check: exit 3 when errors" 3 $?
check_contains "check summary" "1 errors" "$out"

out=$("$ORRERY" dict stats --dict "$TMP/t.orrdict")
check_contains "stats per file" "t.actors.txt" "$out"
check_contains "stats totals" "total: 3 actors (4 dated roles), 1 agents" "$out"

printf 'garbage' > "$TMP/bad.orrdict"
"$ORRERY" dict stats --dict "$TMP/bad.orrdict" 2>"$TMP/err"
check_eq "damaged compiled file: exit 1" 1 $?
check_contains "damaged file named" "bad.orrdict: too short" "$(cat "$TMP/err")"

# the shipped dictionaries: no errors, and the pinned 2025 roles
out=$("$ORRERY" dict check)
check_contains "shipped dictionaries check with 0 errors" "0 errors" "$out"
out=$("$ORRERY" dict lookup "US Secretary of State Marco Rubio and Sergei Lavrov and Mike Waltz" --date 2025-02-18)
check_contains "Rubio USAGOV" "Marco Rubio	actor	USAGOV" "$out"
check_contains "Lavrov RUSGOV" "Sergei Lavrov	actor	RUSGOV" "$out"
check_contains "Waltz USAGOV" "Mike Waltz	actor	USAGOV" "$out"
out=$("$ORRERY" dict lookup "Washington and the Kremlin" --date 2025-02-18)
check_contains "Washington as a metonym" "Washington	actor	USAGOV (metonym)" "$out"
if [ -d "${SHARED:-}/dictionaries/petrarch2" ]; then
  out=$("$ORRERY" dict check "$SHARED"/dictionaries/petrarch2/PETR.Validate.*.txt)
  check_contains "PETRARCH validation-suite dictionaries read with 0 errors" "0 errors" "$out"
fi
"$ORRERY" dict bogus >/dev/null 2>&1
check_eq "unknown subcommand: exit 2" 2 $?
[ "$n_fail" -eq 0 ]
