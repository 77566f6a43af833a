#!/usr/bin/env bash
# 40-relate.sh — relations on the demo database: the seed has no coded
# events yet, so import the shared GDELT and ICEWS samples, then show the
# US-Russia dyad, shifts, the signed network, blocs and the seed's what-if
# (a US-Russia thaw: what it implies for China, India, the EU, Ukraine).
set -eu
shared=${SHARED:-../shared}
gdelt=$shared/events/gdelt-sample/events2samps.csv
icews=$shared/events/icews/events.2018.sample.tab
if [ ! -r "$gdelt" ] || [ ! -r "$icews" ]; then
  echo "== relations: $shared/events not found, skipped"
  exit 0
fi
echo
echo "== relations: importing the GDELT and ICEWS samples into $DB"
"$ORRERY" import "$gdelt" "$icews" --db "$DB"
echo
echo "== orrery dyad USA RUS --by month"
"$ORRERY" dyad USA RUS --db "$DB" --by month
echo
echo "== orrery top --by conflict --limit 5"
"$ORRERY" top --db "$DB" --by conflict --limit 5
echo
echo "== orrery shifts --min-points 3 --limit 3   (the samples span few months)"
"$ORRERY" shifts --db "$DB" --min-points 3 --limit 3
echo
echo "== orrery network --min-events 3 (balance and the ties of USA, RUS, CHN)"
"$ORRERY" network --db "$DB" --min-events 3 --format json | head -1
"$ORRERY" network --db "$DB" --min-events 3 --format json | grep -E '"(USA|RUS|CHN|IND|UKR|EUR)"' | grep '"id"' || true
echo
echo "== orrery blocs --min-events 3"
"$ORRERY" blocs --db "$DB" --min-events 3
echo
echo "== orrery whatif USA-RUS=+5 --min-events 3"
"$ORRERY" whatif "USA-RUS=+5" --db "$DB" --min-events 3 --limit 12
echo
echo "== the seed's question: what the thaw implies for China, India, the EU and Ukraine"
"$ORRERY" whatif "USA-RUS=+5" --db "$DB" --min-events 3 --format json | tr '{' '\n' |
  sed -nE 's/^"a":"([A-Z]+)","b":"([A-Z]+)","current":([-0-9.]+),"pressure":([-0-9.]+)}.*/  \1-\2: now \3, implied pressure \4/p' |
  grep -E '(CHN|IND|EUR|UKR)' | grep -E '(RUS|USA)' || true
