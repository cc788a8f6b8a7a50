#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up the real Docker Engine, then runs
# lint, typecheck and build through Nx and every jest project (unit, integration, e2e):
# the engine suites in band, unit tests and the oldest pair's smoke run beside them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
step() { printf '\n== %s\n' "$*"; }

step "npm dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "up to date"
fi

step "Docker Engine, buildx, registry (tools/docker-engine/ensure)"
tools/docker-engine/ensure

step "lint, typecheck, build (nx run-many)"
npx nx run-many -t lint typecheck build --output-style=static
export NX_BUILDX_BUILT=1 # the e2e setups pack these builds as they are

step "module format: the built packages load and run execa under plain Node"
node tools/module-format/check-build.js

# The pairs the project supports (README "Supported versions"): everything runs on the
# newest, which ensure starts; the engine-facing suites run again on the oldest, on a
# second engine of its own. That smoke run shares nothing with the main run but the
# registry (its own engine, workspace and plugin state), so it runs beside it.
NEWEST_PAIR="28.5 0.29"
OLDEST_PAIR="26.1 0.13"
OLDEST_SUITES=(
  packages/buildx/src/build/run packages/buildx/src/build/engine packages/buildx/src/build/progress-modes
  packages/buildx/src/bake packages/buildx/src/image
  e2e/src/cache-strategies e2e/src/bake-images e2e/src/batch-affected e2e/src/nx-add
)
smoke_log=$(mktemp)
smoke_pid=
unit_pid=
# Interrupted or failed early: nothing this script started in the background goes on
# behind it (each PID is cleared once waited for, so no reused PID is signalled).
stop_background() {
  [ -n "$unit_pid" ] && kill "$unit_pid" 2>/dev/null
  if [ -n "$smoke_pid" ]; then
    kill "$smoke_pid" 2>/dev/null
    tools/docker-engine/oldest-engine stop >/dev/null 2>&1
  fi
  true
}
if [ $# -eq 0 ]; then
  step "smoke on the oldest supported pair (dockerd ${OLDEST_PAIR% *}, buildx ${OLDEST_PAIR#* }), in the background: buildx integration, build, bake, batch and nx add (Nx 22, 23, 24) e2e (log: $smoke_log)"
  if oldest_env=$(tools/docker-engine/oldest-engine start); then
    (
      eval "$oldest_env"
      NX_BUILDX_EXPECT_PAIR=$OLDEST_PAIR NX_BUILDX_SMOKE=oldest npx jest --runInBand \
        --selectProjects buildx:integration e2e --testPathPatterns "${OLDEST_SUITES[@]}"
    ) >"$smoke_log" 2>&1 &
    smoke_pid=$!
    trap stop_background EXIT
  elif [ "${CI:-}" = true ]; then
    echo "the oldest pair could not be started (above); CI proves both pairs" >&2
    exit 1
  else
    echo "warning: the oldest pair could not be started (above); no smoke run on it"
  fi
fi

# Unit tests touch no engine: they run beside the engine suites (which run in band, as they
# share the engine's build cache and one e2e workspace), and print after them.
unit_log=$(mktemp)
main_projects=()
if [ $# -eq 0 ]; then
  # jest itself, not npx: its PID is the one to stop (its workers end with it).
  node node_modules/jest/bin/jest.js --selectProjects buildx:unit docker:unit >"$unit_log" 2>&1 &
  unit_pid=$!
  trap stop_background EXIT
  main_projects=(--selectProjects buildx:integration e2e)
fi

step "tests: integration and e2e (jest, in band)$([ -n "$unit_pid" ] && echo "; unit tests beside them (log: $unit_log)")"
expect_pair=()
[ "${CI:-}" = true ] && expect_pair=(env "NX_BUILDX_EXPECT_PAIR=$NEWEST_PAIR")
main=0
"${expect_pair[@]}" npx jest --runInBand "${main_projects[@]}" "$@" || main=$?

if [ -n "$unit_pid" ]; then
  unit=0
  wait "$unit_pid" || unit=$?
  unit_pid=
  step "unit tests: $([ "$unit" = 0 ] && echo passed || echo "FAILED (exit $unit)")"
  cat "$unit_log"
  [ "$main" = 0 ] && main=$unit
fi
rm -f "$unit_log"

if [ -n "$smoke_pid" ]; then
  smoke=0
  wait "$smoke_pid" || smoke=$?
  trap - EXIT
  tools/docker-engine/oldest-engine stop
  step "smoke on the oldest pair: $([ "$smoke" = 0 ] && echo passed || echo "FAILED (exit $smoke)")"
  cat "$smoke_log"
  [ "$main" = 0 ] && main=$smoke
fi
rm -f "$smoke_log"
exit "$main"
