#!/bin/bash
# Loki's entrypoint: runs the real Loki with the given arguments.
# FAULT=loki-drops-long-lines runs it on a copy of its config with a max_line_size of 256 bytes (lines longer than that
# are discarded, the others kept: a partial loss, as a limit set too low does).
set -e
. /opt/scenario-local/standin-env.sh
if [ "${FAULT:-}" = loki-drops-long-lines ]; then
  args=()
  for arg in "$@"; do
    case "$arg" in
      -config.file=*)
        config=${arg#-config.file=}
        # The team's config has no limits_config; one is added at the end.
        ! grep -q '^limits_config:' "$config" || { echo "scenario-local: FAULT=loki-drops-long-lines: $config already has a limits_config" >&2; exit 2; }
        { cat "$config"; printf '\nlimits_config:\n  max_line_size: 256B\n  max_line_size_truncate: false\n'; } >/tmp/loki-drops-long-lines.yaml
        arg=-config.file=/tmp/loki-drops-long-lines.yaml
        ;;
    esac
    args+=("$arg")
  done
  set -- "${args[@]}"
  echo "scenario-local: FAULT=loki-drops-long-lines: Loki discards lines longer than 256 bytes" >&2
fi
exec /usr/bin/loki "$@"
