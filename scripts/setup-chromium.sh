#!/usr/bin/env bash
# Installs Debian's Chromium for the test that opens the HTML report in a real headless browser (idempotent).
exec bash "$(dirname "$0")/apt-install.sh" chromium chromium
