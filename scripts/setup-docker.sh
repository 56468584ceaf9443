#!/usr/bin/env bash
# Installs and starts a local Docker engine with compose v2 and builds the scenario-busybox image (idempotent; developers and CI run the same).
set -euo pipefail

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
IMAGE=scenario-busybox:latest
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/scenario-dockerd.log}
TRIXIE_SOURCES=/etc/apt/sources.list.d/scenario-trixie.sources
TRIXIE_PIN=/etc/apt/preferences.d/scenario-trixie
COMPOSE_VERSION_WANTED=2.26.1
APT_LOG=${APT_LOG:-/tmp/scenario-setup-apt.log}

say() { printf 'setup-docker: %s\n' "$*"; }
fail() { printf 'setup-docker: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "run as root (or install sudo): installing packages and starting dockerd need root"
  SUDO="sudo"
fi

# An `apt-get update` started elsewhere on this machine writes "done" as the last line of this log when it ends.
wait_for_other_apt() {
  local log=/tmp/apt-update.log i
  [ -f "$log" ] || return 0
  for i in $(seq 1 300); do
    [ "$(tail -n 1 "$log" 2>/dev/null)" = "done" ] && return 0
    [ "$i" -eq 1 ] && say "waiting for the apt-get update already running (see $log)"
    sleep 1
  done
  # A log left by an update that died never says "done"; apt's own lock timeout still protects what follows.
  say "warning: $log did not end with \"done\" within 300s; going on"
}

# apt with a lock timeout, retried when another apt holds the lists lock.
apt_run() {
  local i
  for i in 1 2 3 4 5 6; do
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" >>"$APT_LOG" 2>&1; then return 0; fi
    say "apt-get $* failed (attempt $i; see $APT_LOG); retrying in 5s"
    tail -n 5 "$APT_LOG" >&2 || true
    sleep 5
  done
  return 1
}

APT_UPDATED=0
apt_update_once() {
  [ "$APT_UPDATED" -eq 1 ] && return 0
  wait_for_other_apt
  say "apt-get update"
  apt_run -qq update || fail "apt-get update failed"
  APT_UPDATED=1
}

apt_install() {
  wait_for_other_apt
  say "apt-get install $*"
  if ! apt-cache show "$1" >/dev/null 2>&1; then apt_update_once; fi
  apt_run -qq -y install --no-install-recommends "$@" && return 0
  apt_update_once
  apt_run -qq -y install --no-install-recommends "$@" || fail "apt-get install $* failed"
}

# 1. The engine and the CLI.
if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
  say "dockerd already installed ($(command -v dockerd))"
else
  say "installing docker.io"
  apt_install docker.io
  command -v dockerd >/dev/null 2>&1 || fail "docker.io is installed but dockerd is not on PATH"
  say "installed $(dockerd --version)"
fi

# 2. Compose v2 as a CLI plugin, taken from Debian trixie (bookworm has no compose v2).
compose_ok() { docker compose version >/dev/null 2>&1; }
if compose_ok; then
  say "compose plugin present: $(docker compose version)"
else
  # The trixie suite, from the same mirror as the bookworm one, pinned low so nothing else is taken from it.
  if [ ! -f "$TRIXIE_SOURCES" ]; then
    uri=$(bash "$(dirname "$0")/debian-mirror.sh") || fail "no Debian mirror to add the trixie suite from"
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    say "adding the trixie suite from $uri (pin priority 100) to $TRIXIE_SOURCES"
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uri" "$keyring" | $SUDO tee "$TRIXIE_SOURCES" >/dev/null
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' | $SUDO tee "$TRIXIE_PIN" >/dev/null
    APT_UPDATED=0
  fi
  # The lists know trixie once `apt-cache policy` names it for docker-compose; otherwise update them.
  if ! apt-cache policy docker-compose 2>/dev/null | grep -q ' trixie/'; then
    APT_UPDATED=0
    apt_update_once
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  say "downloading docker-compose/trixie"
  (cd "$work" && apt-get -qq download docker-compose/trixie >>"$APT_LOG" 2>&1) || fail "apt-get download docker-compose/trixie failed (is the trixie suite reachable from the mirror in $TRIXIE_SOURCES?)"
  deb=$(ls "$work"/docker-compose_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || fail "apt-get download left no docker-compose .deb in $work"
  dpkg -x "$deb" "$work/x"
  bin=$(find "$work/x" -type f -name docker-compose -perm -u+x | head -n 1)
  [ -n "$bin" ] || fail "no docker-compose binary inside $(basename "$deb")"
  $SUDO install -D -m 0755 "$bin" "$PLUGIN_DIR/docker-compose"
  compose_ok || fail "installed $PLUGIN_DIR/docker-compose but 'docker compose version' does not answer"
  say "installed $(docker compose version) at $PLUGIN_DIR/docker-compose"
  case "$(docker compose version --short 2>/dev/null)" in
    *"$COMPOSE_VERSION_WANTED"*) ;;
    *) say "note: expected compose $COMPOSE_VERSION_WANTED, got $(docker compose version --short 2>/dev/null)";;
  esac
fi

# 3. A running daemon.
engine_ok() { timeout 10 docker info >/dev/null 2>&1; }
# Whether PID is a live process named NAME. /run is on disk here: a machine restored from a snapshot, or a dockerd
# killed hard, leaves pid files whose numbers now belong to other processes.
runs_as() { [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }
pid_in() { if [ -f "$1" ]; then tr -dc '0-9' <"$1"; fi; }
dockerd_log_tail() { grep -v '\[core\]' "$DOCKERD_LOG" 2>/dev/null | tail -n "${1:-20}" >&2 || true; }
if engine_ok; then
  say "docker engine answers ($(docker info --format '{{.ServerVersion}}' 2>/dev/null), ${DOCKER_HOST:-unix:///var/run/docker.sock})"
else
  if [ -n "${DOCKER_HOST:-}" ]; then
    fail "DOCKER_HOST=$DOCKER_HOST does not answer 'docker info'; start that engine, or unset DOCKER_HOST to use a local dockerd"
  fi
  pidfile=/var/run/docker.pid
  containerd_pidfile=/var/run/docker/containerd/containerd.pid
  dockerd_pid=$(pid_in "$pidfile")
  if runs_as "$dockerd_pid" dockerd; then
    say "dockerd is running (pid $dockerd_pid) but not answering yet; waiting"
  else
    # A dockerd does not start over a pid file naming a live process, whatever that process is; and with a stale
    # containerd pid file it takes that process for its containerd and gives up ("timeout waiting for containerd").
    if [ -f "$pidfile" ]; then say "removing stale $pidfile (pid ${dockerd_pid:-none} is no dockerd)"; $SUDO rm -f "$pidfile"; fi
    containerd_pid=$(pid_in "$containerd_pidfile")
    if [ -f "$containerd_pidfile" ] && ! runs_as "$containerd_pid" containerd; then
      say "removing stale $containerd_pidfile (pid ${containerd_pid:-none} is no containerd)"
      $SUDO rm -f "$containerd_pidfile"
    fi
    say "starting dockerd in the background (log: $DOCKERD_LOG)"
    $SUDO mkdir -p "$(dirname "$DOCKERD_LOG")"
    dockerd_pid=$($SUDO sh -c "cd / && nohup setsid dockerd >>'$DOCKERD_LOG' 2>&1 </dev/null & echo \$!")
  fi
  for i in $(seq 1 90); do
    engine_ok && break
    if [ ! -d "/proc/$dockerd_pid" ]; then
      dockerd_log_tail 20
      fail "dockerd (pid $dockerd_pid) exited before answering 'docker info'; its log ends above (all of it: $DOCKERD_LOG)"
    fi
    if [ "$i" -eq 90 ]; then
      dockerd_log_tail 30
      fail "dockerd (pid $dockerd_pid) did not answer 'docker info' within 90s; its log ends above (all of it: $DOCKERD_LOG)"
    fi
    sleep 1
  done
  say "docker engine answers ($(docker info --format '{{.ServerVersion}}'))"
fi

# 4. A local image (no registry is reachable): busybox-static in an otherwise empty root filesystem.
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image $IMAGE present"
else
  static_busybox() { [ -x /bin/busybox ] && { ldd /bin/busybox 2>&1 || true; } | grep -q 'not a dynamic'; }
  static_busybox || apt_install busybox-static
  static_busybox || fail "/bin/busybox is not the static build (install busybox-static)"
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/www" "$rootfs/logs"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  # Run inside the root filesystem so the links point at its own /bin/busybox (on the host /bin may be a link to /usr/bin).
  $SUDO chroot "$rootfs" /bin/busybox --install -s /bin
  [ -L "$rootfs/bin/sh" ] && [ -L "$rootfs/bin/httpd" ] || fail "busybox --install did not create the applet links in $rootfs/bin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  say "importing $rootfs as $IMAGE"
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null \
    || { rm -rf "$rootfs"; fail "docker import of the busybox root filesystem failed"; }
  rm -rf "$rootfs"
  docker run --rm --network none "$IMAGE" /bin/sh -c 'echo ok' | grep -q ok || fail "$IMAGE does not run /bin/sh"
  say "built $IMAGE"
fi

say "ready: $(docker compose version), engine $(docker info --format '{{.ServerVersion}}'), image $IMAGE"
