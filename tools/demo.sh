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

log=$(mktemp)
trap 'rm -f "$log"' EXIT
npx nx run hello-api:docker-fresh --output-style=stream | tee "$log"

container=$(docker run --detach --rm --network host --env PORT="$port" hello-api:latest)
trap 'docker stop --time 2 "$container" >/dev/null 2>&1 || true; rm -f "$log"' EXIT
for _ in $(seq 1 50); do
  if answer=$(curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null); then break; fi
  sleep 0.2
done
[ -n "${answer:-}" ] || { echo "hello-api did not answer on 127.0.0.1:$port"; docker logs "$container"; exit 1; }

echo
echo "GET http://127.0.0.1:$port/health -> $answer"
# The executor's own one-line summary, not a second rendering of its metadata.
echo "build: $(grep -o 'hello-api:latest sha256:.*' "$log" | tail -n 1)"
