#!/usr/bin/env bash
# Builds the images of the local stand-in stack (compose/local/) with no registry: a debootstrapped Debian base, then one image per service (idempotent; cached by content hash).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

# Environment: SKIP_SETUP_DOCKER=1 when scripts/setup-docker.sh already ran (CI); SCENARIO_SHARED_BIN, the folder of
# the static loki and promtail binaries (default ../shared/bin beside the repository).
IMAGES_DIR=compose/local/images
SHARED_BIN=${SCENARIO_SHARED_BIN:-$REPO/../shared/bin}
TAG=1                         # the tag compose/local/*.yml name; the content hash goes in a label and a second tag
SUITE=bookworm
PACKAGES=(python3 python3-fastapi python3-uvicorn python3-sqlalchemy python3-alembic python3-httpx python3-aiosqlite
  python3-yaml alembic prometheus curl wget ca-certificates)
SERVICES=(vllm fastapi mlflow grafana loki promtail prometheus)
BASE_RECIPE=2                 # bump when build_base changes in a way the package list does not show
LOG=${SETUP_LOCAL_STACK_LOG:-/tmp/scenario-setup-local-stack.log}

say() { printf 'setup-local-stack: %s\n' "$*"; }
fail() { printf 'setup-local-stack: ERROR: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum | cut -c1-64; }

# The static binaries first: a build without them stopped only after the base and four images (minutes in).
for svc in loki promtail; do
  [ -x "$SHARED_BIN/$svc" ] || fail "$SHARED_BIN/$svc is missing: the $svc image needs the static binary (set SCENARIO_SHARED_BIN to the folder that holds loki and promtail)"
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "run as root (or install sudo): debootstrap and chroot need root"
  SUDO="sudo"
fi

# One build at a time on this machine (two worktrees may run this script together).
exec 9>/tmp/scenario-setup-local-stack.lock
flock 9

# 1. Docker with compose v2 (the existing set-up; idempotent).
# Without the lock's descriptor: the dockerd it may start would hold the lock for its whole life (a second run hung).
[ "${SKIP_SETUP_DOCKER:-0}" = 1 ] || bash scripts/setup-docker.sh 9>&-

# 2. The Debian base: debootstrap --variant=minbase, the packages installed in a chroot, then docker import.
debian_mirror() { bash scripts/debian-mirror.sh || fail "no Debian mirror to run debootstrap against"; }

build_base() {
  local image=$1 work rootfs mirror
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "apt-get install debootstrap"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq -y install --no-install-recommends debootstrap >>"$LOG" 2>&1 \
      || { $SUDO apt-get -o DPkg::Lock::Timeout=300 -qq update >>"$LOG" 2>&1 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq -y install --no-install-recommends debootstrap >>"$LOG" 2>&1; } \
      || fail "apt-get install debootstrap failed (see $LOG)"
  fi
  mirror=$(debian_mirror)
  work=$($SUDO mktemp -d /var/tmp/scenario-local-base.XXXXXX)
  rootfs=$work/rootfs
  # shellcheck disable=SC2064
  trap "$SUDO rm -rf '$work'" EXIT
  say "debootstrap --variant=minbase $SUITE from $mirror (about a minute; log: $LOG)"
  $SUDO debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >>"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; fail "debootstrap failed (see $LOG)"; }
  say "installing ${PACKAGES[*]} in the chroot"
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$rootfs/usr/sbin/policy-rc.d" >/dev/null
  $SUDO chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  $SUDO cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  $SUDO chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get -qq update && apt-get -qq -y install --no-install-recommends ${PACKAGES[*]} && apt-get clean" >>"$LOG" 2>&1 \
    || { tail -n 20 "$LOG" >&2; fail "installing the packages in the chroot failed (see $LOG)"; }
  $SUDO rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/locale" \
    "$rootfs/usr/sbin/policy-rc.d" "$rootfs/etc/resolv.conf"
  say "importing the root filesystem as $image"
  $SUDO tar -C "$rootfs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' \
    -c "LABEL org.scenario.inputs=$base_hash" - "$image" >/dev/null || fail "docker import of the base failed"
  $SUDO rm -rf "$work"
  trap - EXIT
}

base_hash=$(printf '%s\n' "$SUITE" "$BASE_RECIPE" "${PACKAGES[@]}" | sha)
BASE_IMAGE=scenario-local/base:$SUITE-${base_hash:0:12}
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base $BASE_IMAGE present"
else
  build_base "$BASE_IMAGE"
fi

# 3. One image per service: the Dockerfile in compose/local/images/<service>/ over the base, with the shared
# stand-in files and (loki, promtail) the static binaries from $SHARED_BIN.
binary_for() {
  case "$1" in loki | promtail) printf '%s\n' "$SHARED_BIN/$1" ;; esac
}

build_service() {
  local svc=$1 image=scenario-local/$1:$TAG ctx bin inputs have
  ctx=$(mktemp -d)
  cp -R "$IMAGES_DIR/$svc/." "$ctx/"
  find "$ctx" -name __pycache__ -prune -exec rm -rf {} +   # left by a local python run; not an input
  # The shared stand-in files go only into the images whose Dockerfile uses them.
  if grep -q 'standin' "$IMAGES_DIR/$svc/Dockerfile"; then cp "$IMAGES_DIR/common/"* "$ctx/"; fi
  bin=$(binary_for "$svc")
  if [ -n "$bin" ]; then
    [ -x "$bin" ] || { rm -rf "$ctx"; fail "$bin is missing: the $svc image needs the static binary (set SCENARIO_SHARED_BIN to its folder)"; }
    cp "$bin" "$ctx/$svc"
  fi
  inputs=$( { echo "$BASE_IMAGE"; (cd "$ctx" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); } | sha)
  have=$(docker image inspect -f '{{index .Config.Labels "org.scenario.inputs"}}' "$image" 2>/dev/null || true)
  if [ "$have" = "$inputs" ]; then
    say "$image up to date (${inputs:0:12})"
  else
    say "building $image (${inputs:0:12})"
    docker build -q --build-arg "BASE=$BASE_IMAGE" --label "org.scenario.inputs=$inputs" \
      -t "$image" -t "scenario-local/$svc:${inputs:0:12}" "$ctx" >>"$LOG" 2>&1 \
      || { rm -rf "$ctx"; tail -n 20 "$LOG" >&2; fail "docker build of $image failed (see $LOG)"; }
  fi
  rm -rf "$ctx"
  # Older hash tags of this service's image are this script's own: drop them so rebuilds do not pile up.
  docker image ls --format '{{.Repository}}:{{.Tag}}' "scenario-local/$svc" \
    | grep -vxF -e "$image" -e "scenario-local/$svc:${inputs:0:12}" | xargs -r docker image rm >/dev/null 2>&1 || true
}

for svc in "${SERVICES[@]}"; do build_service "$svc"; done
docker image ls --format '{{.Repository}}:{{.Tag}}' scenario-local/base | grep -vxF "$BASE_IMAGE" | xargs -r docker image rm >/dev/null 2>&1 || true
# Images of earlier builds that lost their tags (this script labels everything it builds); one a container still uses stays.
docker image ls -q --filter dangling=true --filter label=org.scenario.inputs | xargs -r docker image rm >/dev/null 2>&1 || true

# 4. The log folders, made by the invoking user (a folder docker creates for a bind mount belongs to root).
mkdir -p logs/vllm logs/fastapi logs/mlflow

say "ready: base $BASE_IMAGE; images ${SERVICES[*]/#/scenario-local/} (tag $TAG)"
