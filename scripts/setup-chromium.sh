#!/usr/bin/env bash
# Installs Debian's Chromium for the test that opens the HTML report in a real headless browser (idempotent).
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(chromium --version 2>/dev/null | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-chromium: not root and no sudo; install the 'chromium' package by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  $SUDO "${APT[@]}" update
fi
$SUDO "${APT[@]}" install --no-install-recommends chromium >/tmp/scenario-setup-chromium.log 2>&1 || {
  tail -n 20 /tmp/scenario-setup-chromium.log >&2
  exit 1
}
echo "installed: $(chromium --version 2>/dev/null | head -n 1)"
