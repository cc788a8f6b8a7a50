// What the runtime input of a docker target costs Nx per hashed task (decision 0002): the
// built script `node dist/hasher/runtime-state.js <root> <target>`, started as Nx starts
// it, for a target Nx does not cache (reads the project graph, prints a constant) and for
// a cached one (also loads the image model and runs one `docker image inspect`), against
// a bare `node -e 0` — the floor of any runtime input. Rounds rotate the three; medians
// and ratios. Needs `nx run docker:build` and the seed images of tools/docker-engine/ensure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REG = '127.0.0.1:5000';
const script = join(__dirname, '../../packages/docker/dist/hasher/runtime-state.js');

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  mkdirSync(join(ws, '.nx/workspace-data'), { recursive: true });
  mkdirSync(join(ws, 'apps/a'), { recursive: true });
  writeFileSync(join(ws, 'apps/a/Dockerfile'), `FROM ${REG}/busybox@sha256:${'e'.repeat(64)}\n`);
  const target = (cache: boolean) => ({
    executor: '@nx-buildx/docker:docker-build',
    cache,
    options: { imageName: `${REG}/busybox`, tags: ['latest'], file: 'apps/a/Dockerfile' },
  });
  const nodes = {
    a: {
      name: 'a',
      data: { root: 'apps/a', targets: { cached: target(true), plain: target(false) } },
    },
  };
  writeFileSync(join(ws, '.nx/workspace-data/project-graph.json'), JSON.stringify({ nodes }));
  return ws;
}

function main(rounds: number) {
  const ws = workspace();
  const cases: Record<string, string[]> = {
    'node -e 0 (floor)': ['-e', '0'],
    'not cached': [script, 'apps/a', 'plain'],
    cached: [script, 'apps/a', 'cached'],
  };
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  try {
    const cached = execFileSync('node', cases.cached as string[], { cwd: ws }).toString();
    if (!cached.startsWith('images ')) throw new Error(`the cached case printed: ${cached}`);
    for (let r = 0; r <= rounds; r++) {
      const order = Object.keys(cases);
      for (let i = 0; i < r % order.length; i++) order.push(order.shift() as string);
      for (const label of order) {
        const started = performance.now();
        execFileSync('node', cases[label] as string[], { cwd: ws, stdio: 'pipe' });
        if (r > 0) times[label]?.push(performance.now() - started); // round 0 warms up
      }
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const floor = median(times['node -e 0 (floor)'] as number[]);
  for (const [label, xs] of Object.entries(times))
    console.log(
      `${label}: median ${median(xs).toFixed(0)} ms over ${xs.length} rounds (${(median(xs) / floor).toFixed(2)}× the floor)`,
    );
}

main(Number(process.argv[2] ?? 10));
