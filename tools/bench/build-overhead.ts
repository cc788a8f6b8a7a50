// Benchmark: what does `nx run app:docker-build` cost over its two unavoidable parts — an
// Nx executor that does nothing, and the raw `docker buildx build --load` of the same
// image? A no-op rebuild of one image of a 3-app workspace, runs interleaved, medians.
// Run: node -r @swc-node/register tools/bench/build-overhead.ts [runs]
import { benchWorkspace, median } from './bench-workspace';

const runs = Number(process.argv[2] ?? 7);
const BUSYBOX = '127.0.0.1:5000/busybox:latest';

function app(name: string): Record<string, string> {
  const target = (options: Record<string, unknown>) => ({
    executor: '@nx-buildx/docker:docker-build',
    options: { imageName: `bench/${name}`, ...options },
  });
  return {
    [`apps/${name}/project.json`]: JSON.stringify({
      name,
      root: `apps/${name}`,
      targets: {
        noop: { executor: 'noop-executor:noop' },
        'docker-build': target({}),
        'docker-build-none': target({ cacheStrategy: 'none' }),
        'docker-build-local': target({ cacheStrategy: 'local' }),
      },
    }),
    [`apps/${name}/Dockerfile`]: `FROM ${BUSYBOX}\nCOPY apps/${name}/src /app\nRUN ls /app > /files.txt\n`,
    [`apps/${name}/src/index.js`]: `console.log(${JSON.stringify(name)});\n`,
  };
}

async function main() {
  const ws = await benchWorkspace({ ...app('app1'), ...app('app2'), ...app('app3') });
  try {
    const nx = (target: string, env: Record<string, string> = {}) =>
      ws.run(
        'npx',
        ['nx', 'run', `app1:${target}`, '--skip-nx-cache', '--output-style=stream'],
        env,
      );
    const cases: Record<string, () => Promise<number>> = {
      'noop executor (Nx floor)': () => nx('noop'),
      'raw docker buildx build --load': () =>
        ws.run('docker', [
          'buildx',
          'build',
          '--load',
          '--tag',
          'bench/app1:latest',
          '--file',
          'apps/app1/Dockerfile',
          '--progress',
          'plain',
          '.',
        ]),
      'docker-build, defaults (developer machine)': () => nx('docker-build', { CI: '' }),
      'docker-build, defaults on CI (auto → local)': () => nx('docker-build', { CI: 'true' }),
      'docker-build, cacheStrategy none': () => nx('docker-build-none', { CI: '' }),
      'docker-build, cacheStrategy local': () => nx('docker-build-local', { CI: '' }),
    };
    for (const fn of Object.values(cases)) await fn(); // warm: first builds, caches, disk
    const times: Record<string, number[]> = Object.fromEntries(
      Object.keys(cases).map((k) => [k, []]),
    );
    for (let i = 0; i < runs; i++) {
      for (const [name, fn] of Object.entries(cases)) (times[name] as number[]).push(await fn());
      process.stdout.write(`run ${i + 1}/${runs}\n`);
    }
    const m = (k: string) => median(times[k] as number[]);
    const floor = m('noop executor (Nx floor)') + m('raw docker buildx build --load');
    console.log(`\nno-op rebuild of one image, median of ${runs} interleaved runs (ms):`);
    console.log('| case | median | over noop + raw |');
    console.log('|---|---|---|');
    for (const name of Object.keys(cases)) {
      const over = name.startsWith('docker-build') ? `${(m(name) - floor).toFixed(0)}` : '—';
      console.log(`| ${name} | ${m(name).toFixed(0)} | ${over} |`);
    }
    console.log(`\nnoop + raw = ${floor.toFixed(0)} ms; target: docker-build defaults ≤ +150 ms`);
  } finally {
    await ws.remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
