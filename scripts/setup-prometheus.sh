#!/usr/bin/env bash
# Installs the Prometheus binary (Debian package) for the promql tests, without starting any system service.
exec bash "$(dirname "$0")/apt-install.sh" prometheus prometheus
