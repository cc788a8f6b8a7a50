#!/usr/bin/env bash
# `npm run demo`, the main job: a fresh image build of examples/hello-api through the
# plugin (nx run hello-api:docker-fresh), then the image is started and asked for its
# health on 127.0.0.1, and stopped again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
port=${DEMO_PORT:-38080}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
tools/docker-engine/ensure

npx nx run hello-api:docker-fresh --output-style=stream

container=$(docker run --detach --rm --network host --env PORT="$port" hello-api:latest)
trap 'docker stop --time 2 "$container" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do
  if answer=$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null); then break; fi
  sleep 0.2
done
[ -n "${answer:-}" ] || { echo "hello-api did not answer on 127.0.0.1:$port"; docker logs "$container"; exit 1; }

echo
echo "GET http://127.0.0.1:$port/health -> $answer"
summary=$(node -e 'const m=require("./dist/docker/examples/hello-api/metadata.json"); console.log(`${m.tags[0]} ${m.digest} — ${m.steps.run} steps run, ${m.steps.cached} cached — ${(m.durationMs/1000).toFixed(1)}s — cache: ${m.cacheStrategy}, fresh: ${m.fresh}`)')
echo "build: $summary"
