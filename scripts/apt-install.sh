#!/usr/bin/env bash
# Installs one Debian package for the tests when its command is missing, without letting the package start a system service (idempotent).
# Usage: scripts/apt-install.sh COMMAND PACKAGE
set -euo pipefail
cmd=$1
pkg=$2
name="setup-$cmd"

if command -v "$cmd" >/dev/null 2>&1; then
  echo "$cmd already installed: $("$cmd" --version 2>/dev/null | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "$name: not root and no sudo; install the '$pkg' package by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300 -y -q)

# The package list may be missing or stale on a fresh machine.
if ! apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  $SUDO "${APT[@]}" update
fi

# Keep the package's maintainer scripts from starting a service: a policy-rc.d that refuses every start,
# created only for this install when the machine has none, and removed afterwards.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  CREATED_POLICY=1
fi
cleanup() { if [ "$CREATED_POLICY" = 1 ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

log="/tmp/scenario-$name.log"
$SUDO "${APT[@]}" install --no-install-recommends "$pkg" >"$log" 2>&1 || {
  tail -n 20 "$log" >&2
  exit 1
}
echo "installed: $("$cmd" --version 2>/dev/null | head -n 1)"
