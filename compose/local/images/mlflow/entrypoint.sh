#!/bin/bash
# MLflow stand-in's entrypoint: like the real service, tee everything into logs/mlflow/mlflow.log.
# FAULT=mlflow-down makes it exit 1 at start (the way a broken backend store does).
# FAULT=mlflow-health-lies: the wrapper writes its start-up line, the server's own output goes to /dev/null (none of
# its lines reach the log) and its API answers 500 while /health and the UI still answer 200 (see server.py).
set -e
. /opt/scenario-local/standin-env.sh
log_to /logs/mlflow/mlflow.log
echo "scenario-local: MLflow stand-in"
echo "MLflow server starting (scenario run ${SCENARIO_RUN_ID:-none})"
if [ "${FAULT:-}" = mlflow-down ]; then
  echo "mlflow: exiting at start (FAULT=mlflow-down)"
  exit_after_log 1
fi
if [ "${FAULT:-}" = mlflow-health-lies ]; then
  exec python3 /opt/scenario-local/server.py >/dev/null 2>&1
fi
exec python3 /opt/scenario-local/server.py
