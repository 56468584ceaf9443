#!/bin/bash
# promtail's entrypoint: runs promtail with the given arguments.
# FAULT=shipper-wrong-path runs it on a copy of its config whose paths read /logs/wrong-<service>/ instead of /logs/<service>/.
# FAULT=shipper-swapped-labels runs it on a copy whose `service` labels of vllm and fastapi are swapped (each folder
# is shipped, under the other one's name).
# FAULT=shipper-drops-mlflow-lines runs it on a copy whose service_logs job drops every mlflow line but the start-up one
# (a pipeline stage `match … action: drop`: the label and one line of this run are there, the rest never reaches Loki).
set -e
. /opt/scenario-local/standin-env.sh
case "${FAULT:-}" in
  shipper-wrong-path) rewrite='s#/logs/(vllm|fastapi|mlflow)/#/logs/wrong-\1/#g' ;;
  shipper-swapped-labels) rewrite='s#\bservice: vllm\b#service: @swap@#g; s#\bservice: fastapi\b#service: vllm#g; s#\bservice: @swap@#service: fastapi#g' ;;
  shipper-drops-mlflow-lines)
    # After the job's name line, at the job's indentation: its pipeline_stages.
    rewrite='/^  - job_name: service_logs$/a\
    pipeline_stages:\
      - match:\
          selector: '"'"'{service="mlflow"} != "MLflow server starting"'"'"'\
          action: drop\
          drop_counter_reason: scenario_fault' ;;
  *) rewrite="" ;;
esac
if [ -n "$rewrite" ]; then
  args=()
  for arg in "$@"; do
    case "$arg" in
      -config.file=*)
        config=${arg#-config.file=}
        sed -E "$rewrite" "$config" >"/tmp/promtail-$FAULT.yml"
        arg=-config.file=/tmp/promtail-$FAULT.yml
        ;;
    esac
    args+=("$arg")
  done
  set -- "${args[@]}"
  echo "scenario-local: FAULT=$FAULT: promtail runs on a rewritten copy of its config ($rewrite)" >&2
fi
exec /usr/bin/promtail "$@"
