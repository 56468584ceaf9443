#!/bin/bash
# Prometheus's entrypoint: runs Debian's prometheus with the given arguments, as prom/prometheus's does.
# FAULT=prometheus-scrapes-vllm-health runs it on a copy of its config whose vllm job scrapes /health instead of
# /metrics: vLLM answers 200 with an empty body, so the job is up == 1 and collects none of vLLM's metrics.
set -e
. /opt/scenario-local/standin-env.sh
if [ "${FAULT:-}" = prometheus-scrapes-vllm-health ]; then
  args=()
  for arg in "$@"; do
    case "$arg" in
      --config.file=*)
        config=${arg#--config.file=}
        grep -q '^  - job_name: vllm$' "$config" || { echo "scenario-local: FAULT=$FAULT: $config has no vllm job" >&2; exit 2; }
        sed -E '/^  - job_name: vllm$/a\
    metrics_path: /health' "$config" >"/tmp/prometheus-$FAULT.yml"
        arg=--config.file=/tmp/prometheus-$FAULT.yml
        ;;
    esac
    args+=("$arg")
  done
  set -- "${args[@]}"
  echo "scenario-local: FAULT=$FAULT: Prometheus scrapes vLLM's /health in place of /metrics" >&2
fi
exec /usr/bin/prometheus "$@"
