# Sourced by every local image's (bash) entrypoint: refuses an unknown FAULT, makes what it writes removable by the host user, and tees output into a log file.
umask 0000
case "${FAULT:-}" in
  "" | no-vllm-log | shipper-wrong-path | gateway-no-vllm | mlflow-down | shipper-swapped-labels | vllm-wrong-model | vllm-dies-after-completion | loki-drops-long-lines | vllm-answers-wrong-model | loki-truncates-long-lines | shipper-drops-mlflow-lines | prometheus-scrapes-vllm-health | mlflow-health-lies) ;;
  *)
    echo "scenario-local: unknown FAULT='${FAULT}' (known: no-vllm-log, shipper-wrong-path, gateway-no-vllm, mlflow-down, shipper-swapped-labels, vllm-wrong-model, vllm-dies-after-completion, loki-drops-long-lines, vllm-answers-wrong-model, loki-truncates-long-lines, shipper-drops-mlflow-lines, prometheus-scrapes-vllm-health, mlflow-health-lies; empty for none)" >&2
    exit 2
    ;;
esac

# From here on, everything printed also goes to the file $1, as the real services' `| tee -a <file>` does.
log_to() {
  mkdir -p "$(dirname "$1")"
  exec > >(tee -a "$1") 2>&1
  TEE_PID=$!
}

# Exits with $1 once tee has written everything out (the container stops, and tee with it, when this shell ends).
exit_after_log() {
  exec >&- 2>&-
  wait "$TEE_PID" 2>/dev/null || true
  exit "$1"
}
