#!/bin/bash
# Loki's entrypoint: runs the real Loki with the given arguments.
# FAULT=loki-drops-long-lines runs it on a copy of its config with a max_line_size of 256 bytes (lines longer than that
# are discarded, the others kept: a partial loss, as a limit set too low does).
# FAULT=loki-truncates-long-lines runs it on a copy with a max_line_size of 128 bytes and max_line_size_truncate: true
# (every line is kept, those longer than that cut short: vLLM's long lines lose their end).
set -e
. /opt/scenario-local/standin-env.sh
case "${FAULT:-}" in
  loki-drops-long-lines) limits=$'  max_line_size: 256B\n  max_line_size_truncate: false' what="Loki discards lines longer than 256 bytes" ;;
  loki-truncates-long-lines) limits=$'  max_line_size: 128B\n  max_line_size_truncate: true' what="Loki cuts lines longer than 128 bytes short" ;;
  *) limits="" ;;
esac
if [ -n "$limits" ]; then
  args=()
  for arg in "$@"; do
    case "$arg" in
      -config.file=*)
        config=${arg#-config.file=}
        # The team's config has no limits_config; one is added at the end.
        ! grep -q '^limits_config:' "$config" || { echo "scenario-local: FAULT=$FAULT: $config already has a limits_config" >&2; exit 2; }
        { cat "$config"; printf '\nlimits_config:\n%s\n' "$limits"; } >"/tmp/loki-$FAULT.yaml"
        arg=-config.file=/tmp/loki-$FAULT.yaml
        ;;
    esac
    args+=("$arg")
  done
  set -- "${args[@]}"
  echo "scenario-local: FAULT=$FAULT: $what" >&2
fi
exec /usr/bin/loki "$@"
