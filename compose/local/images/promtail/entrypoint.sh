#!/bin/bash
# promtail's entrypoint: runs promtail with the given arguments.
# FAULT=shipper-wrong-path runs it on a copy of its config whose paths read /logs/wrong-<service>/ instead of /logs/<service>/.
set -e
. /opt/scenario-local/standin-env.sh
if [ "${FAULT:-}" = shipper-wrong-path ]; then
  args=()
  for arg in "$@"; do
    case "$arg" in
      -config.file=*)
        config=${arg#-config.file=}
        sed -E 's#/logs/(vllm|fastapi|mlflow)/#/logs/wrong-\1/#g' "$config" >/tmp/promtail-wrong-path.yml
        arg=-config.file=/tmp/promtail-wrong-path.yml
        ;;
    esac
    args+=("$arg")
  done
  set -- "${args[@]}"
  echo "scenario-local: FAULT=shipper-wrong-path: promtail reads /logs/wrong-<service>/" >&2
fi
exec /usr/bin/promtail "$@"
