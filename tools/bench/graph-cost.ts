// Benchmark: what does inferring docker targets add to building the project graph?
// `nx show projects` (NX_DAEMON=false) on generated workspaces of N projects with a
// Dockerfile each, without a plugin, with a do-nothing plugin (the floor of any plugin),
// and with ours, @nx/docker's and nx-container's inference, all installed in one
// workspace, cases interleaved, medians.
// - cold: .nx/workspace-data removed before each run and NX_CACHE_PROJECT_GRAPH=false
//   (Nx's graph cache and its plugin caches off): every plugin infers from scratch;
// - warm: .nx/workspace-data kept from the previous run of the same case (each plugin's
//   own cache may answer), NX_CACHE_PROJECT_GRAPH unset.
// Dockerfile shapes (the third argument): `dist` (5 lines copying package.json and a build
// output), `two-stage` (`FROM … AS build`, COPY of the sources, RUN, `COPY --from=build`),
// `install` (a bind-mounted lock file for `npm ci`, then the sources), or `mixed`: the three
// in turn, as a large monorepo has them.
// Run: node -r @swc-node/register tools/bench/graph-cost.ts [runs] [sizes, e.g. 100,1000,5000] [shape]
import { execaRunner } from '../../packages/buildx/src';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { benchWorkspace, median } from './bench-workspace';

const runs = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '100,300,1000').split(',').map(Number);
const SHAPES = ['dist', 'two-stage', 'install'] as const;
const shape = process.argv[4] ?? 'mixed';
if (shape !== 'mixed' && !(SHAPES as readonly string[]).includes(shape))
  throw new Error(`shape ${shape}: expected one of ${SHAPES.join(', ')} or mixed`);
const NX_VERSION = '23.2.1';
/** An installed package whose createNodesV2 matches every Dockerfile and infers nothing. */
const NOOP_PLUGIN = 'nx-buildx-bench-noop-plugin';

/** The plugin entries compared; `undefined` is Nx alone. */
const PLUGINS: Record<string, unknown[]> = {
  'no plugin': [],
  // What any plugin costs before it infers anything (Nx starts each in a worker process).
  'do-nothing plugin': [NOOP_PLUGIN],
  '@nx-buildx/docker': ['@nx-buildx/docker'],
  '@nx/docker': ['@nx/docker'],
  '@nx-tools/nx-container': ['@nx-tools/nx-container'],
};

/** The Dockerfile of the app at `root`, in one of the shapes compared. */
function dockerfile(root: string, kind: (typeof SHAPES)[number]): string {
  const lines = {
    dist: [
      'FROM 127.0.0.1:5000/node:20-slim',
      'WORKDIR /app',
      `COPY ${root}/package.json ./`,
      `COPY dist/${root} ./`,
      'CMD ["node", "main.js"]',
    ],
    'two-stage': [
      'FROM 127.0.0.1:5000/node:20-slim AS build',
      'WORKDIR /app',
      `COPY ${root}/src ./src`,
      "RUN node -e \"require('fs').cpSync('src', 'out', { recursive: true })\"",
      'FROM 127.0.0.1:5000/node:20-slim',
      'COPY --from=build /app/out /app',
      'CMD ["node", "/app/main.ts"]',
    ],
    install: [
      'FROM 127.0.0.1:5000/node:20-slim',
      'WORKDIR /app',
      `COPY ${root}/package.json ./`,
      `RUN --mount=type=bind,source=${root}/package-lock.json,target=package-lock.json npm ci`,
      `COPY ${root}/src ./src`,
      'CMD ["node", "src/main.ts"]',
    ],
  }[kind];
  return [...lines, ''].join('\n');
}

/** N apps, each with a build target, a Dockerfile of the chosen shape, and sources. */
function generated(n: number): Record<string, string> {
  const files: Record<string, string> = {
    '.dockerignore': 'node_modules\n**/*.spec.ts\ntmp/\n',
    '.gitignore': 'node_modules\ndist\n',
  };
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const root = `apps/${name}`;
    files[`${root}/project.json`] = JSON.stringify({
      name,
      root,
      targets: {
        build: {
          executor: 'nx:run-commands',
          outputs: [`{workspaceRoot}/dist/${root}`],
          options: { command: `mkdir -p dist/${root}` },
        },
      },
    });
    const kind = shape === 'mixed' ? SHAPES[i % SHAPES.length] : shape;
    files[`${root}/Dockerfile`] = dockerfile(root, kind as (typeof SHAPES)[number]);
    files[`${root}/package.json`] = JSON.stringify({ name: `@bench/${name}`, private: true });
    files[`${root}/package-lock.json`] = JSON.stringify({ lockfileVersion: 3, packages: {} });
    files[`${root}/src/main.ts`] = `console.log(${JSON.stringify(name)});\n`;
  }
  return files;
}

async function writeTree(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

async function main() {
  // One install of Nx and the four plugins; each size is a workspace that links to it.
  const install = await benchWorkspace(
    {},
    {
      '@nx/devkit': NX_VERSION,
      '@nx/js': NX_VERSION,
      '@nx/docker': NX_VERSION,
      '@nx-tools/nx-container': '7.3.0',
      dotenv: '^16.4.0',
      tslib: '^2.6.0',
    },
  );
  const nxBin = join(install.root, 'node_modules/nx/dist/bin/nx.js');
  await install.write({
    [`node_modules/${NOOP_PLUGIN}/package.json`]: JSON.stringify({
      name: NOOP_PLUGIN,
      main: 'index.js',
    }),
    [`node_modules/${NOOP_PLUGIN}/index.js`]:
      "module.exports.createNodesV2 = ['**/Dockerfile', async () => []];\n",
  });
  const table: string[] = [];
  try {
    for (const n of sizes) {
      const root = await mkdtemp(join(tmpdir(), `nx-buildx-graph-${n}-`));
      try {
        await writeTree(root, {
          'package.json': JSON.stringify({ name: `graph-${n}`, private: true }),
          'nx.json': '{}',
          ...generated(n),
        });
        await symlink(join(install.root, 'node_modules'), join(root, 'node_modules'));
        await execaRunner.run('git', ['init', '-q'], { cwd: root });
        const showProjects = async (plugins: unknown[], cold: boolean) => {
          await writeFile(join(root, 'nx.json'), JSON.stringify({ plugins }));
          if (cold) await rm(join(root, '.nx'), { recursive: true, force: true });
          const r = await execaRunner.run('node', [nxBin, 'show', 'projects', '--json'], {
            cwd: root,
            env: {
              NX_DAEMON: 'false',
              NX_NO_CLOUD: 'true',
              NX_TUI: 'false',
              NX_CACHE_PROJECT_GRAPH: cold ? 'false' : undefined,
            },
          });
          if (r.exitCode !== 0) throw new Error(`${r.command} failed:\n${r.stderr.slice(-2000)}`);
          const count = (JSON.parse(r.stdout) as string[]).length;
          if (count !== n) throw new Error(`expected ${n} projects, nx shows ${count}`);
          return r.durationMs;
        };
        if (n === sizes[0])
          for (const [name, plugins] of Object.entries(PLUGINS)) {
            // What each plugin adds to a project: the cost is only comparable with it.
            await writeFile(join(root, 'nx.json'), JSON.stringify({ plugins }));
            const r = await execaRunner.run('node', [nxBin, 'show', 'project', 'app0', '--json'], {
              cwd: root,
              env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_CACHE_PROJECT_GRAPH: 'false' },
            });
            const targets = r.exitCode === 0 ? Object.keys(JSON.parse(r.stdout).targets) : r.stderr;
            console.log(`${name}: app0 has targets ${JSON.stringify(targets)}`);
          }
        for (const mode of ['cold', 'warm'] as const) {
          const times: Record<string, number[]> = {};
          if (mode === 'cold') {
            // Interleaved: each run starts from nothing anyway.
            for (const plugins of Object.values(PLUGINS)) await showProjects(plugins, true);
            for (let i = 0; i < runs; i++)
              for (const [name, plugins] of Object.entries(PLUGINS))
                (times[name] ??= []).push(await showProjects(plugins, true));
          } else {
            // Consecutive per case, after one run that fills its caches: switching nx.json
            // between runs would make a plugin whose cache is keyed by it miss.
            for (const [name, plugins] of Object.entries(PLUGINS)) {
              await showProjects(plugins, false);
              for (let i = 0; i < runs; i++)
                (times[name] ??= []).push(await showProjects(plugins, false));
            }
          }
          const base = median(times['no plugin'] as number[]);
          for (const name of Object.keys(PLUGINS)) {
            const m = median(times[name] as number[]);
            const added = name === 'no plugin' ? '—' : `${(m - base).toFixed(0)}`;
            const per = name === 'no plugin' ? '—' : `${((m - base) / n).toFixed(2)}`;
            const row = `| ${n} | ${mode} | ${name} | ${m.toFixed(0)} | ${added} | ${per} |`;
            table.push(row);
            console.log(row);
          }
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }
  } finally {
    await install.remove();
  }
  console.log(
    `\nnx show projects, NX_DAEMON=false, ${shape} Dockerfiles, median of ${runs} runs (ms):`,
  );
  console.log('| projects | graph | plugin | median | added | added per project |');
  console.log('|---|---|---|---|---|---|');
  for (const row of table) console.log(row);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
