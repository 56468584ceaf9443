#!/bin/bash
# vLLM stand-in's entrypoint: like the real service, tee everything into a new logs/vllm/vllm_YYYYmmdd_HHMMSS.log (UTC).
# FAULT=no-vllm-log writes that file under /tmp instead, where nothing looks for it.
set -e
. /opt/scenario-local/standin-env.sh
log_dir=/logs/vllm
[ "${FAULT:-}" = no-vllm-log ] && log_dir=/tmp/vllm-logs-elsewhere
log_to "$log_dir/vllm_$(date -u +%Y%m%d_%H%M%S).log"
echo "scenario-local: vLLM stand-in (no model is loaded; answers are canned)"
exec python3 /opt/scenario-local/server.py "$@"
