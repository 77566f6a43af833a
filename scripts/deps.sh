#!/usr/bin/env bash
# scripts/deps.sh — install every Debian package orrery needs to build,
# test, benchmark and fuzz.  Idempotent: installs only what is missing.
# As non-root it prints the apt-get command instead.  --quiet: say nothing
# when all is present.
set -eu
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

packages=(
  build-essential pkg-config clang libclang-rt-14-dev libfuzzer-14-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libmicrohttpd-dev libjansson-dev libxml2-dev libgumbo-dev libutf8proc-dev
  libigraph-dev zlib1g-dev nettle-dev libcmocka-dev
  wrk hyperfine
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

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
