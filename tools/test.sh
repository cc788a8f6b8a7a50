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

step "tests: unit, integration, e2e (jest)"
# In band: engine tests prune the shared build cache, so they must not overlap.
npx jest --runInBand "$@"
