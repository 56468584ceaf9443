# Sourced by every local image's entrypoint: refuses an unknown FAULT, and makes what it writes removable by the host user.
umask 0000
case "${FAULT:-}" in
  "" | no-vllm-log | shipper-wrong-path | gateway-no-vllm | mlflow-down) ;;
  *)
    echo "scenario-local: unknown FAULT='${FAULT}' (known: no-vllm-log, shipper-wrong-path, gateway-no-vllm, mlflow-down; empty for none)" >&2
    exit 2
    ;;
esac
