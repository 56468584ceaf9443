#!/bin/bash
# MLflow stand-in's entrypoint: like the real service, tee everything into logs/mlflow/mlflow.log.
# FAULT=mlflow-down makes it exit 1 at start (the way a broken backend store does).
set -e
. /opt/scenario-local/standin-env.sh
log_to /logs/mlflow/mlflow.log
echo "scenario-local: MLflow stand-in"
echo "MLflow server starting (scenario run ${SCENARIO_RUN_ID:-none})"
if [ "${FAULT:-}" = mlflow-down ]; then
  echo "mlflow: exiting at start (FAULT=mlflow-down)"
  exit_after_log 1
fi
exec python3 /opt/scenario-local/server.py
