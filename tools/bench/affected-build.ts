// Benchmark: an affected build after a shared-lib change, on 3 and on 8 apps whose
// Dockerfiles share a base stage. Side by side in one run, the same images each time:
// plain `docker buildx bake` (no Nx), `nx affected` with nothing to run (Nx's fixed cost),
// our batched `nx affected -t docker-build --batch`, our per-project run, and @nx/docker's
// inferred `docker:build` (same Nx version). Each case first edits the lib, so every
// image really rebuilds its app stage. Cases interleaved, medians.
// Run: node -r @swc-node/register tools/bench/affected-build.ts [runs]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchWorkspace, median } from './bench-workspace';

const runs = Number(process.argv[2] ?? 3);
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const SIZES = [3, 8] as const;
const nxVersion: string = JSON.parse(
  readFileSync(join(__dirname, '../../node_modules/nx/package.json'), 'utf8'),
).version;

/** The stage every app starts from: identical text, so BuildKit builds it once. */
const BASE_STAGE = `FROM ${BUSYBOX} AS base\nRUN seq 1 20000 | md5sum > /base.txt\n`;

function app(group: string, i: number): Record<string, string> {
  const name = `${group}-app${i}`;
  const root = `apps/${name}`;
  return {
    [`${root}/project.json`]: JSON.stringify({
      name,
      root,
      implicitDependencies: [`${group}-shared`],
      targets: {
        noop: { executor: 'noop-executor:noop' },
        'docker-build': {
          executor: '@nx-buildx/docker:docker-build',
          options: { imageName: `bench/${name}`, cacheStrategy: 'none' },
        },
      },
    }),
    [`${root}/Dockerfile`]:
      BASE_STAGE +
      `FROM base\nCOPY libs/${group}-shared/src /lib\nCOPY ${root}/src /app\n` +
      `RUN cat /lib/* /app/* | md5sum > /sum.txt\n`,
    [`${root}/src/main.txt`]: `${name}\n`,
  };
}

function group(size: number): Record<string, string> {
  const g = `g${size}`;
  const apps = Array.from({ length: size }, (_, i) => app(g, i + 1));
  const targets = Object.fromEntries(
    Array.from({ length: size }, (_, i) => {
      const root = `apps/${g}-app${i + 1}`;
      return [
        `${g}-app${i + 1}`,
        { context: '.', dockerfile: `${root}/Dockerfile`, tags: [`bench/${g}-app${i + 1}:latest`] },
      ];
    }),
  );
  return Object.assign(
    {
      [`libs/${g}-shared/project.json`]: JSON.stringify({
        name: `${g}-shared`,
        root: `libs/${g}-shared`,
        projectType: 'library',
      }),
      [`libs/${g}-shared/src/shared.txt`]: 'v0\n',
      [`bake/${g}.json`]: JSON.stringify({
        group: { default: { targets: Object.keys(targets) } },
        target: targets,
      }),
    },
    ...apps,
  );
}

async function main() {
  const ws = await benchWorkspace({
    ...Object.assign({}, ...SIZES.map(group)),
    // The do-nothing executor with a batch implementation: what Nx's batch worker costs.
    'tools/noop-executor/executors.json': JSON.stringify({
      executors: {
        noop: {
          implementation: './noop.js',
          batchImplementation: './noop.js#batch',
          schema: './schema.json',
        },
      },
    }),
    'tools/noop-executor/noop.js':
      'module.exports = async () => ({ success: true });\n' +
      'module.exports.batch = async (graph) => Object.fromEntries(Object.keys(graph.tasks)' +
      '.map((id) => [id, { success: true, terminalOutput: "" }]));\n',
    // @nx/docker infers docker:build for the same Dockerfiles, built from the workspace
    // root as ours are (its default context is the project root, where COPY libs/… fails).
    'nx.json': JSON.stringify({
      plugins: [
        {
          plugin: '@nx/docker',
          include: ['apps/**/*'],
          options: {
            buildTarget: {
              name: 'docker:build',
              cwd: '.',
              args: ['--file {projectRoot}/Dockerfile'],
            },
          },
        },
      ],
    }),
  });
  try {
    await ws.run('npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '-D',
      `@nx/docker@${nxVersion}`,
    ]);
    let edits = 0;
    const editLib = (g: string) =>
      ws.write({ [`libs/${g}/src/shared.txt`]: `edit ${++edits} ${Date.now()}\n` });
    const affected = (size: number, args: string[]) => () =>
      ws.run(
        'npx',
        [
          'nx',
          'affected',
          ...args,
          `--files=libs/g${size}-shared/src/shared.txt`,
          '--skip-nx-cache',
          '--output-style=stream',
        ],
        { CI: 'true' },
      );
    const cases = (size: number): Record<string, () => Promise<number>> => ({
      'plain docker buildx bake --load': () =>
        ws.run('docker', [
          'buildx',
          'bake',
          '--file',
          `bake/g${size}.json`,
          '--load',
          '--progress',
          'plain',
        ]),
      'nx affected, nothing to run (Nx fixed cost)': affected(size, ['-t', 'nothing']),
      'do-nothing batch executor: nx affected -t noop --batch': affected(size, [
        '-t',
        'noop',
        '--batch',
      ]),
      'ours: nx affected -t docker-build --batch': affected(size, [
        '-t',
        'docker-build',
        '--batch',
      ]),
      'ours: nx affected -t docker-build (per project)': affected(size, ['-t', 'docker-build']),
      '@nx/docker: nx affected -t docker:build': affected(size, ['-t', 'docker:build']),
    });

    const results: Record<number, Record<string, number[]>> = {};
    for (const size of SIZES) {
      const c = cases(size);
      results[size] = Object.fromEntries(Object.keys(c).map((k) => [k, []]));
      for (const fn of Object.values(c)) {
        await editLib(`g${size}-shared`);
        await fn(); // warm: base stage, installs, disk
      }
      for (let i = 0; i < runs; i++) {
        for (const [name, fn] of Object.entries(c)) {
          await editLib(`g${size}-shared`);
          (results[size]?.[name] as number[]).push(await fn());
        }
        process.stdout.write(`${size} apps: run ${i + 1}/${runs}\n`);
      }
    }

    console.log(`\naffected build after a shared-lib change, median of ${runs} (ms):`);
    console.log(`| case | ${SIZES.map((s) => `${s} apps`).join(' | ')} |`);
    console.log(`|---|${SIZES.map(() => '---|').join('')}`);
    const m = (size: number, k: string) => median(results[size]?.[k] as number[]);
    for (const name of Object.keys(cases(3)))
      console.log(`| ${name} | ${SIZES.map((s) => m(s, name).toFixed(0)).join(' | ')} |`);
    const over = (s: number) =>
      m(s, 'ours: nx affected -t docker-build --batch') -
      m(s, 'nx affected, nothing to run (Nx fixed cost)') -
      m(s, 'plain docker buildx bake --load');
    console.log(
      `| batched over (Nx fixed cost + plain bake) | ${SIZES.map((s) => `${over(s) >= 0 ? '+' : ''}${over(s).toFixed(0)}`).join(' | ')} |`,
    );
    // What Nx's batch worker costs by itself, and what ours adds beyond it and the bake.
    const worker = (s: number) =>
      m(s, 'do-nothing batch executor: nx affected -t noop --batch') -
      m(s, 'nx affected, nothing to run (Nx fixed cost)');
    const ours = (s: number) =>
      m(s, 'ours: nx affected -t docker-build --batch') -
      m(s, 'do-nothing batch executor: nx affected -t noop --batch') -
      m(s, 'plain docker buildx bake --load');
    const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(0)}`;
    console.log(
      `| Nx's batch worker (do-nothing batch − nothing to run) | ${SIZES.map((s) => signed(worker(s))).join(' | ')} |`,
    );
    console.log(
      `| batched over (do-nothing batch + plain bake) | ${SIZES.map((s) => signed(ours(s))).join(' | ')} |`,
    );
    console.log(
      '\ntarget: batched ≤ +300 ms over (Nx fixed cost + plain bake), faster than @nx/docker',
    );
  } finally {
    // The images this benchmark tagged: ours and the plain bake's, and @nx/docker's.
    const images = SIZES.flatMap((size) =>
      Array.from({ length: size }, (_, i) => `g${size}-app${i + 1}`),
    ).flatMap((app) => [`bench/${app}:latest`, `apps-${app}:latest`]);
    await ws.run('docker', ['image', 'rm', '--force', ...images]).catch(() => undefined);
    await ws.remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
