# Shared settings and helpers for tools/docker-engine/{ensure,stop,status}.
# Sourced, never run. Everything we start is recorded in $STATE_DIR by PID file,
# so `stop` can end exactly what `ensure` started and nothing else.

STATE_DIR=${NX_BUILDX_ENGINE_DIR:-/var/lib/nx-buildx-engine}
REGISTRY_ADDR=127.0.0.1:5000
REGISTRY=$REGISTRY_ADDR
DOCKERD_PID="$STATE_DIR/dockerd.pid"
REGISTRY_PID="$STATE_DIR/registry.pid"

# The two engine/buildx pairs the project proves (README "Supported versions").
# Newest: Debian unstable's docker.io + docker-buildx, what users run today. Installed by
# unpacking the two .debs into $NEWEST_DIR, because installing them from sid through apt
# would pull sid's libc and half the system with them. Oldest: Debian 13's, from apt.
NEWEST_DOCKER_DEB=28.5.2+dfsg4-5
NEWEST_BUILDX_DEB=0.29.1+ds1-4
NEWEST_DIR="$STATE_DIR/engines/newest"
OLDEST_DOCKERD=/usr/sbin/dockerd
OLDEST_BUILDX=/usr/libexec/docker/cli-plugins/docker-buildx
# Searched by the docker CLI before /usr/libexec/docker/cli-plugins (Debian's buildx).
BUILDX_LINK=/usr/local/libexec/docker/cli-plugins/docker-buildx

log() { printf '[docker-engine] %s\n' "$*" >&2; }
die() {
  printf '[docker-engine] error: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '[docker-engine] fix: %s\n' "$2" >&2
  exit 1
}

# A PID file names a live process of ours.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

engine_answers() { docker info >/dev/null 2>&1; }
buildx_works() { docker buildx version >/dev/null 2>&1; }
registry_answers() { curl -fsS --max-time 2 "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }

# The default (docker driver) builder can export cache only on the containerd
# image store; without it buildx refuses --cache-to type=local/registry.
engine_exports_cache() {
  local driver
  driver=$(docker buildx inspect 2>/dev/null | awk -F': *' '/^Driver:/ {print $2; exit}')
  case "$driver" in
    docker-container | kubernetes | remote) return 0 ;;
    docker) docker info -f '{{json .DriverStatus}}' 2>/dev/null | grep -q 'io.containerd.snapshotter' ;;
    *) return 1 ;;
  esac
}

# Does the registry hold TAG of REPO?
registry_has() {
  curl -fsS --max-time 5 "http://$REGISTRY_ADDR/v2/$1/tags/list" 2>/dev/null | grep -q "\"$2\""
}

# Prints the value of a label of an image in the registry; fails when it has none.
image_label() {
  local value
  value=$(docker buildx imagetools inspect "$1" --format "{{ index .Image.Config.Labels \"$2\" }}" 2>/dev/null) || return 1
  [ -n "$value" ] && [ "$value" != "<no value>" ] && printf '%s\n' "$value"
}

# Wait until "$@" succeeds, up to $1 seconds.
wait_for() {
  local secs=$1
  shift
  local i
  for ((i = 0; i < secs * 4; i++)); do
    "$@" && return 0
    sleep 0.25
  done
  return 1
}
