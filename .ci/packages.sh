#!/usr/bin/env bash
# Make sure the machine has the programs circular needs beside Python:
#   java + maven  to assemble and run the local Neo4j      (make demo, make test)
#   chromium      for the end-to-end Neo4j Browser tests   (make test)
#   dot           Graphviz, which lays out the still pictures (make demo, make test)
# Missing ones are installed from Debian's packages when this runs as root with apt-get;
# otherwise it says what to install and stops.
set -euo pipefail

declare -A package=([java]=openjdk-17-jre-headless [mvn]=maven [chromium]=chromium [dot]=graphviz)
declare -A present=([java]="command -v java" [mvn]="command -v mvn" [chromium]="test -x /usr/bin/chromium"
                    [dot]="command -v dot")

missing=()
for program in "$@"; do
  eval "${present[$program]}" >/dev/null 2>&1 || missing+=("${package[$program]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "circular needs ${missing[*]}: install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), then run make again." >&2
  exit 1
fi
