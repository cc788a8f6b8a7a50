#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up the real Docker Engine, then runs
# lint, typecheck and build through Nx and every jest project (unit, integration, e2e).
# Jest's summary is the last thing printed.
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

step "module format: the built packages load and run execa under plain Node"
node tools/module-format/check-build.js

# The pairs the project supports (README "Supported versions"): everything runs on the
# newest, which ensure starts; the engine-facing suites run again on the oldest.
NEWEST_PAIR="28.5 0.29"
OLDEST_PAIR="26.1 0.13"
OLDEST_SUITES=(packages/buildx/src e2e/src/cache-strategies e2e/src/bake-images e2e/src/batch-affected)

# In band: engine tests prune the shared build cache, so they must not overlap.
if [ $# -eq 0 ]; then
  step "smoke on the oldest supported pair (dockerd ${OLDEST_PAIR% *}, buildx ${OLDEST_PAIR#* }): buildx integration, build, bake, batch e2e"
  if oldest_env=$(tools/docker-engine/oldest-engine start); then
    smoke=0
    (eval "$oldest_env" && NX_BUILDX_EXPECT_PAIR=$OLDEST_PAIR npx jest --runInBand \
      --selectProjects buildx:integration e2e --testPathPatterns "${OLDEST_SUITES[@]}") || smoke=$?
    tools/docker-engine/oldest-engine stop
    [ "$smoke" = 0 ] || { echo "the smoke run on the oldest pair failed (exit $smoke)"; exit "$smoke"; }
  elif [ "${CI:-}" = true ]; then
    echo "the oldest pair could not be started (above); CI proves both pairs" >&2
    exit 1
  else
    echo "warning: the oldest pair could not be started (above); skipping its smoke run"
  fi
fi

step "tests: unit, integration, e2e (jest)"
expect_pair=()
[ "${CI:-}" = true ] && expect_pair=(env "NX_BUILDX_EXPECT_PAIR=$NEWEST_PAIR")
"${expect_pair[@]}" npx jest --runInBand "$@"
