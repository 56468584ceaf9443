#!/bin/bash
# Grafana stand-in's entrypoint (it reads no FAULT of its own, but refuses an unknown one like every stand-in).
set -e
. /opt/scenario-local/standin-env.sh
exec python3 /opt/scenario-local/server.py
