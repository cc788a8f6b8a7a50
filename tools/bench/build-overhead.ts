// Benchmark: what does `nx run app:docker-build` cost over its two unavoidable parts — an
// Nx executor that does nothing, and the raw `docker buildx build --load` of the same
// image? A no-op rebuild of one image of a 3-app workspace, runs interleaved. Each round
// runs every case once, so "over" is taken per round (case − noop − raw of that round):
// its median and interquartile range say whether a difference stands out of the noise.
// Run: node -r @swc-node/register tools/bench/build-overhead.ts [runs]
import { loadavg } from 'node:os';
import { benchWorkspace, childrenCpuMs, median, quantile } from './bench-workspace';

const runs = Number(process.argv[2] ?? 15);
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const NOOP = 'noop executor (Nx floor)';
const RAW = 'raw docker buildx build --load';

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
      [NOOP]: () => nx('noop'),
      [RAW]: () =>
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
    const cpu: Record<string, number[]> = Object.fromEntries(
      Object.keys(cases).map((k) => [k, []]),
    );
    const names = Object.keys(cases);
    for (let i = 0; i < runs; i++) {
      // Each round starts at another case, so none always follows the same one.
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length] as string;
        const before = childrenCpuMs();
        (times[name] as number[]).push(await (cases[name] as () => Promise<number>)());
        (cpu[name] as number[]).push(childrenCpuMs() - before);
      }
      process.stdout.write(`run ${i + 1}/${runs}\n`);
    }
    const iqr = (v: number[]) => `${quantile(v, 0.25).toFixed(0)}–${quantile(v, 0.75).toFixed(0)}`;
    console.log(
      `\nno-op rebuild of one image, ${runs} interleaved rounds, ${new Date().toISOString()}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    for (const [what, data] of [
      ['wall time (ms)', times],
      ['CPU time of the processes started, user + system (ms)', cpu],
    ] as const) {
      const t = (k: string) => data[k] as number[];
      const floors = t(NOOP).map((n, i) => n + (t(RAW)[i] as number));
      const floor = median(t(NOOP)) + median(t(RAW));
      console.log(`\n${what}:`);
      console.log('| case | median | IQR | over: of the medians | per round: median | IQR |');
      console.log('|---|---|---|---|---|---|');
      for (const name of names) {
        const over = t(name).map((v, i) => v - (floors[i] as number));
        const overCols = name.startsWith('docker-build')
          ? `${(median(t(name)) - floor).toFixed(0)} | **${median(over).toFixed(0)}** | ${iqr(over)}`
          : '— | — | —';
        console.log(`| ${name} | ${median(t(name)).toFixed(0)} | ${iqr(t(name))} | ${overCols} |`);
      }
      console.log(`noop + raw per round: median ${median(floors).toFixed(0)} (IQR ${iqr(floors)})`);
    }
    console.log('target: docker-build defaults ≤ +150 ms wall time');
  } finally {
    await ws.remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
