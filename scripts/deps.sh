#!/usr/bin/env bash
# scripts/deps.sh — install every Debian package orrery needs to build,
# test, benchmark and fuzz.  Idempotent: installs only what is missing.
# As non-root it prints the apt-get command instead.  --quiet: say nothing
# when all is present.
set -eu
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

# Package lists: scripts/deps.d/*.list, one or more names a line, # comments.
here=$(cd "$(dirname "$0")" && pwd)
packages=()
for list in "$here"/deps.d/*.list; do
  while read -r line; do
    line=${line%%#*}
    for p in $line; do packages+=("$p"); done
  done < "$list"
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# npm: shipped inside some nodejs builds (NodeSource), a separate package
# on stock Debian; ask for Debian's only when no npm is on the PATH.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  [ $quiet -eq 1 ] || echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages; run as root:"
  echo "  apt-get update && $cmd"
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd >/dev/null
echo "deps: done"
