#!/bin/bash
# Gateway stand-in's entrypoint: migrate the database to Alembic's head, then serve the FastAPI app on 8080.
# FAULT=gateway-no-vllm points the gateway at a vLLM URL that does not exist.
set -e
. /opt/scenario-local/standin-env.sh
[ "${FAULT:-}" = gateway-no-vllm ] && export VLLM_URL=http://vllm-wrong:8000
mkdir -p "$(dirname "${LOG_FILE:-/logs/fastapi/app.log}")" "$(dirname "${DATABASE_URL##*:///}")"
cd /opt/gateway
alembic upgrade head
exec python3 -m uvicorn gateway.main:app --host 0.0.0.0 --port 8080 --no-access-log
