#!/bin/bash
# vLLM stand-in's entrypoint: like the real service, tee everything into a new logs/vllm/vllm_YYYYmmdd_HHMMSS.log (UTC).
# FAULT=no-vllm-log writes that file under /tmp instead, where nothing looks for it.
# FAULT=vllm-wrong-model serves facebook/opt-125m whatever --model says (as a wrong MODEL_NAME in compose would).
# FAULT=vllm-dies-after-completion, FAULT=vllm-answers-wrong-model: see server.py.
set -e
. /opt/scenario-local/standin-env.sh
log_dir=/logs/vllm
[ "${FAULT:-}" = no-vllm-log ] && log_dir=/tmp/vllm-logs-elsewhere
if [ "${FAULT:-}" = vllm-wrong-model ]; then
  args=()
  wrong=""
  for arg in "$@"; do
    if [ "$wrong" = next ]; then arg=facebook/opt-125m; wrong=done; elif [ "$arg" = --model ]; then wrong=next; fi
    args+=("$arg")
  done
  set -- "${args[@]}"
fi
log_to "$log_dir/vllm_$(date -u +%Y%m%d_%H%M%S).log"
echo "scenario-local: vLLM stand-in (no model is loaded; answers are canned)"
exec python3 /opt/scenario-local/server.py "$@"
