// The docker-build hasher's probe per task (imageStateOf: parse + ONE docker image
// inspect) for a Dockerfile whose only base is digest-pinned (tags only: the cost before
// issue 17, the baseline) and for one that reads 3 bases by tag (FROM, COPY --from, RUN
// --mount from=). Rounds alternate the two; medians and the ratio. Needs the seed images
// of tools/docker-engine/ensure in the local engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageStateOf } from '../../packages/docker/src/hasher/image-state';

const REG = '127.0.0.1:5000';
const cases = {
  'tags only (base pinned by digest)': `FROM ${REG}/busybox@sha256:${'e'.repeat(64)}\n`,
  '3 bases by tag': `FROM ${REG}/busybox:latest\nCOPY --from=${REG}/node:20-slim /etc/hostname /h\nRUN --mount=from=${REG}/nginx-unprivileged:stable,target=/n ls\n`,
};

async function main(rounds: number) {
  const ws = mkdtempSync(join(tmpdir(), 'bench-hasher-'));
  mkdirSync(join(ws, 'apps/a'), { recursive: true });
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  const options = { imageName: `${REG}/busybox`, tags: ['latest'], file: 'apps/a/Dockerfile' };
  const project = { name: 'a', root: 'apps/a', workspaceRoot: ws };
  try {
    for (let r = 0; r <= rounds; r++) {
      for (const [label, text] of Object.entries(cases)) {
        writeFileSync(join(ws, 'apps/a/Dockerfile'), text);
        const started = performance.now();
        const state = await imageStateOf(options, project, process.env);
        if (state.startsWith('uncacheable')) throw new Error(`${label}: ${state}`);
        if (r > 0) times[label]?.push(performance.now() - started); // round 0 warms up
      }
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const [base, bases] = Object.values(times).map(median) as [number, number];
  for (const [label, xs] of Object.entries(times))
    console.log(`${label}: median ${median(xs).toFixed(0)} ms over ${xs.length} rounds`);
  console.log(`3 bases / tags only: ${(bases / base).toFixed(2)}×`);
}

void main(Number(process.argv[2] ?? 10));
