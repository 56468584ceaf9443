#!/usr/bin/env bash
# Prints the URI of the Debian mirror this machine's apt takes bookworm from (deb822 sources first, then sources.list);
# setup-docker.sh adds trixie from it and setup-local-stack.sh runs debootstrap against it. No URI is written into the repo.
set -euo pipefail
uri=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  uri=$(awk '/^URIs:/ {u=$2} /^Suites:/ && u != "" && $0 ~ /bookworm( |$)/ {print u; exit} /^$/ {u=""}' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list)
fi
if [ -z "$uri" ]; then
  printf 'debian-mirror: ERROR: cannot find the bookworm mirror URI in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list\n' >&2
  exit 1
fi
printf '%s\n' "$uri"
