#!/usr/bin/env bash
# Installs and starts the other compose engines the tests run on: docker-compose v1, and podman's Docker-compatible service (idempotent; after setup-docker.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=scenario-busybox:latest
PODMAN_SOCKET_PATH=/run/podman/podman.sock
PODMAN_LOG=${PODMAN_LOG:-/var/log/scenario-podman-service.log}
HEALTHCHECKS_PID=/run/scenario-podman-healthchecks.pid
HEALTHCHECKS_LOG=${HEALTHCHECKS_LOG:-/var/log/scenario-podman-healthchecks.log}
RLIMITS_CONF=/etc/containers/containers.conf.d/scenario-rlimits.conf
APT_LOG=${APT_LOG:-/tmp/scenario-setup-apt.log}

say() { printf 'setup-engines: %s\n' "$*"; }
fail() { printf 'setup-engines: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root: installing packages and starting podman's rootful service need root"
command -v docker >/dev/null 2>&1 && docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "run scripts/setup-docker.sh first (docker and $IMAGE are needed)"

apt_install() {
  say "apt-get install $*"
  local i
  for i in 1 2 3; do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq -y install --no-install-recommends "$@" >>"$APT_LOG" 2>&1; then return 0; fi
    say "apt-get install failed (attempt $i, see $APT_LOG); updating the package lists and retrying"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq update >>"$APT_LOG" 2>&1 || true
  done
  tail -n 5 "$APT_LOG" >&2 || true
  fail "apt-get install $* failed"
}

# 1. docker-compose v1 (Debian bookworm ships 1.29.2). The v2 plugin keeps coming first unless SCENARIO_COMPOSE_ENGINE says otherwise.
case "$(docker-compose version --short 2>/dev/null || true)" in
  1.*) say "docker-compose $(docker-compose version --short) present" ;;
  *) apt_install docker-compose
     case "$(docker-compose version --short 2>/dev/null || true)" in
       1.*) say "installed docker-compose $(docker-compose version --short)" ;;
       *) fail "docker-compose on PATH ($(command -v docker-compose || echo none)) is not v1 after installing Debian's docker-compose" ;;
     esac ;;
esac

# 2. podman, and catatonit for `init: true`.
if command -v podman >/dev/null 2>&1 && [ -x /usr/libexec/podman/catatonit ]; then
  say "podman $(podman version --format '{{.Client.Version}}') present"
else
  apt_install podman catatonit
  say "installed podman $(podman version --format '{{.Client.Version}}')"
fi

# 3. podman's default rlimits (nofile 1048576) exceed what this machine allows a container; the OCI runtime then refuses to start it.
want=$(printf '# Written by scripts/setup-engines.sh: container rlimits this machine allows (podman defaults exceed them).\n[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=4096:4096"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)")
if [ "$(cat "$RLIMITS_CONF" 2>/dev/null)" != "$want" ]; then
  mkdir -p "$(dirname "$RLIMITS_CONF")"
  printf '%s\n' "$want" >"$RLIMITS_CONF"
  say "wrote $RLIMITS_CONF"
fi

# 4. The local image in podman's own storage (nothing is pulled).
if podman image exists "localhost/$IMAGE"; then
  say "image localhost/$IMAGE present in podman's storage"
else
  docker save "$IMAGE" | podman load -q >/dev/null || fail "copying $IMAGE from docker to podman failed"
  say "copied $IMAGE into podman's storage"
fi
podman run --rm --network none "localhost/$IMAGE" sh -c 'echo ok' | grep -q ok \
  || fail "podman cannot run localhost/$IMAGE (see the error above; rlimits are set in $RLIMITS_CONF)"

# 5. podman's Docker-compatible API service.
podman_api_ok() { DOCKER_HOST="unix://$PODMAN_SOCKET_PATH" timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
# A daemon whose working directory was deleted (a checkout removed while it ran: this script used to start it there)
# still answers, but cannot start a container: conmon fails to get its working directory. Daemons start from / now.
cwd_deleted() { case "$(readlink "/proc/$1/cwd" 2>/dev/null)" in *" (deleted)") return 0 ;; *) return 1 ;; esac; }
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  fail "pid $1 did not stop within 10s"
}
for pid in $(pgrep -f "^podman system service --time=0 unix://$PODMAN_SOCKET_PATH\$" || true); do
  if cwd_deleted "$pid"; then
    say "podman's service (pid $pid) runs in a deleted directory and cannot start containers: restarting it"
    stop_pid "$pid"
  fi
done
if podman_api_ok; then
  say "podman's Docker API answers at unix://$PODMAN_SOCKET_PATH"
else
  mkdir -p "$(dirname "$PODMAN_SOCKET_PATH")" "$(dirname "$PODMAN_LOG")"
  rm -f "$PODMAN_SOCKET_PATH"
  say "starting podman system service (log: $PODMAN_LOG)"
  (cd / && exec nohup setsid podman system service --time=0 "unix://$PODMAN_SOCKET_PATH" >>"$PODMAN_LOG" 2>&1 </dev/null) &
  for i in $(seq 1 30); do
    podman_api_ok && break
    [ "$i" -eq 30 ] && { tail -n 20 "$PODMAN_LOG" >&2 || true; fail "podman's service did not answer within 30s"; }
    sleep 1
  done
  say "podman's Docker API answers at unix://$PODMAN_SOCKET_PATH"
fi

# A zombie keeps its pid but has an empty command line.
runner_alive() {
  local pid
  pid=$(cat "$HEALTHCHECKS_PID" 2>/dev/null) || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q podman-healthchecks
}
# A runner started in, or from, a checkout since deleted: ended, and started again from this one.
if runner_alive; then
  pid=$(cat "$HEALTHCHECKS_PID")
  if cwd_deleted "$pid" || [ ! -e "$(tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | sed -n 2p)" ]; then
    say "the podman healthcheck runner (pid $pid) runs from a deleted checkout: restarting it"
    stop_pid "$pid"
  fi
fi

# 6. Healthchecks: podman runs them from systemd timers; without systemd, a small runner does it (scripts/podman-healthchecks.ts).
if [ -d /run/systemd/system ]; then
  say "systemd runs podman's healthchecks"
elif runner_alive; then
  say "podman healthcheck runner running (pid $(cat "$HEALTHCHECKS_PID"))"
else
  bun=$(pwd)/node_modules/.bin/bun
  [ -x "$bun" ] || fail "$bun is missing: run npm ci first"
  mkdir -p "$(dirname "$HEALTHCHECKS_LOG")"
  script=$(pwd)/scripts/podman-healthchecks.ts
  (cd / && exec nohup setsid "$bun" "$script" "$PODMAN_SOCKET_PATH" >>"$HEALTHCHECKS_LOG" 2>&1 </dev/null) &
  echo $! >"$HEALTHCHECKS_PID"
  say "started the podman healthcheck runner (pid $!, log: $HEALTHCHECKS_LOG)"
fi

say "ready: docker-compose $(docker-compose version --short); docker compose $(docker compose version --short) on podman $(DOCKER_HOST="unix://$PODMAN_SOCKET_PATH" docker version --format '{{.Server.Version}}') at unix://$PODMAN_SOCKET_PATH"
