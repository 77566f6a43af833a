#!/usr/bin/env bash
# 20-dict.sh — the dictionaries: who the seed's people are on 2025-02-18,
# and why (dated roles, titles composed with nationalities, metonyms).
set -eu
echo
echo "== orrery dict: the seed's names on 2025-02-18 (code and why)"
"$ORRERY" dict lookup "US Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Riyadh; Russian National Security Adviser Mike Waltz, Yuri Ushakov, Kirill Dmitriev, Steve Witkoff, Volodymyr Zelensky, Donald Trump, Vladimir Putin, the Kremlin, Washington, Kyiv, Saudi Arabia" --date 2025-02-18 | cut -f1,3,4
echo
echo "== Donald Trump on three dates"
for d in 2017-06-01 2022-06-01 2025-03-01; do
  printf '%s  ' "$d"; "$ORRERY" dict lookup "Donald Trump" --date "$d" | cut -f3
done
