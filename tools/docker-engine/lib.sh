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
# A registry busy serving a test run can take seconds to answer; only a refused connection
# means none is there. Treating a slow answer as "no registry" made ensure start a second
# one and push the seeds again under builds that were reading them (a CI run lost a config
# blob that way), so the probes below wait for an answer and tell "absent" from "unknown".
registry_answers() {
  curl -fsS --connect-timeout 5 --max-time 30 "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1
}

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

# Succeeds when the registry has tag $2 of repository $1, fails when it answers that it has
# not (404, or a tag list without it), and stops ensure when it cannot tell: a seed is pushed
# again only when it is known to be missing.
registry_has() {
  local body code
  body=$(mktemp)
  code=$(curl -sS --connect-timeout 5 --max-time 30 -o "$body" -w '%{http_code}' \
    "http://$REGISTRY_ADDR/v2/$1/tags/list" 2>/dev/null) || code="no answer within 30s"
  case "$code" in
    200)
      local found=1
      grep -q "\"$2\"" "$body" && found=0
      rm -f "$body"
      return $found
      ;;
    404) rm -f "$body"; return 1 ;;
  esac
  rm -f "$body"
  die "the registry on $REGISTRY_ADDR did not say whether it has $1:$2 (HTTP status: $code); seeds are pushed again only when known to be missing." \
    "read $STATE_DIR/registry.log, then run ensure again"
}

# Prints the value of a label of an image in the registry; fails when it has none.
image_label() {
  local value
  value=$(docker buildx imagetools inspect "$1" --format "{{ index .Image.Config.Labels \"$2\" }}" 2>/dev/null) ||
    die "could not read $1 from the registry to check its label $2." "read $STATE_DIR/registry.log, then run ensure again"
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
