// Beyond one machine. (1) A remote engine: a second dockerd listening on a loopback TCP
// port, reached as a docker context named in `builder` and through DOCKER_HOST: the image
// is built and stored there, not in the local engine. (2) Many agents: an affected build
// split across two workspaces on two engines that share only the registry (registry
// cache), then a third agent on a fresh engine rebuilds after a one-line change and gets
// every unchanged step from the registry cache. Engines are stopped by PID.
import { execaRunner } from '@nx-buildx/buildx';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OwnWorkspace } from './own-workspace';
import { ownWorkspace } from './own-workspace';
import type { SecondEngine } from './second-engine';
import { startSecondEngine } from './second-engine';
import { BUSYBOX, LOCAL_REGISTRY, unique } from './workspace';

jest.setTimeout(600_000);

const id = unique('far');
const registry = `${LOCAL_REGISTRY}/e2e/${id}`;
const engines: SecondEngine[] = [];
const workspaces: OwnWorkspace[] = [];
let dockerConfig = '';

const start = async (o: { tcp?: boolean } = {}) => {
  const engine = await startSecondEngine({ containerdStore: true, ...o });
  engines.push(engine);
  return engine;
};
const own = async (...args: Parameters<typeof ownWorkspace>) => {
  const ws = await ownWorkspace(...args);
  workspaces.push(ws);
  return ws;
};
const docker = (env: Record<string, string>, ...args: string[]) =>
  execaRunner.run('docker', args, { env });
const hasImage = async (env: Record<string, string>, ref: string) =>
  (await docker(env, 'image', 'inspect', '--format', '{{.Id}}', ref)).exitCode === 0;

afterAll(async () => {
  for (const engine of engines) await engine.stop();
  for (const ws of workspaces) await ws.remove();
  if (dockerConfig) await rm(dockerConfig, { recursive: true, force: true });
});

describe('a remote engine on a loopback TCP port', () => {
  let remote: SecondEngine;
  let ws: OwnWorkspace;
  const context = `${id}-remote`;
  const target = (extra: Record<string, unknown>) => ({
    executor: '@nx-buildx/docker:docker-build',
    options: { registry, cacheStrategy: 'local', ...extra },
  });

  beforeAll(async () => {
    remote = await start({ tcp: true });
    // A docker config of this suite's own: the context must not land in the user's.
    dockerConfig = await mkdtemp(join(tmpdir(), 'nxb-config-'));
    const created = await docker(
      { DOCKER_CONFIG: dockerConfig },
      'context',
      'create',
      context,
      '--docker',
      `host=${remote.tcpHost}`,
    );
    expect(created.exitCode).toBe(0);
    ws = await own(
      {},
      {
        'apps/far/project.json': JSON.stringify({
          name: 'far',
          root: 'apps/far',
          targets: {
            'build-on-context': target({ imageName: 'far-context', builder: context }),
            'build-on-host': target({ imageName: 'far-host' }),
          },
        }),
        'apps/far/Dockerfile': `FROM ${BUSYBOX}\nRUN echo built far away > /far.txt\n`,
      },
    );
  });

  test('builder: <docker context> builds and stores the image on that engine only', async () => {
    const r = await ws.nxOk(['run', 'far:build-on-context'], { DOCKER_CONFIG: dockerConfig });
    expect(r.output).toMatch(/cache: local/);
    const ref = `${registry}/far-context:latest`;
    expect(await hasImage({ DOCKER_HOST: remote.tcpHost as string }, ref)).toBe(true);
    expect(await hasImage({}, ref)).toBe(false);
  });

  test('DOCKER_HOST=tcp://127.0.0.1:<port> does the same', async () => {
    await ws.nxOk(['run', 'far:build-on-host'], { DOCKER_HOST: remote.tcpHost });
    const ref = `${registry}/far-host:latest`;
    expect(await hasImage({ DOCKER_HOST: remote.tcpHost as string }, ref)).toBe(true);
    expect(await hasImage({}, ref)).toBe(false);
  });
});

describe('many agents sharing only the registry', () => {
  const projects = ['a1', 'a2', 'b1', 'b2'];
  const files = (line: (p: string) => string) =>
    Object.fromEntries(
      projects.flatMap((p) => [
        [`apps/${p}/project.json`, JSON.stringify({ name: p, root: `apps/${p}` })],
        [
          `apps/${p}/Dockerfile`,
          [
            `FROM ${BUSYBOX}`,
            `RUN echo "${id} ${p} tools" > /tools.txt`,
            `RUN echo "${id} ${p} deps" > /deps.txt`,
            `COPY apps/${p}/src/app.txt /app.txt`,
            'RUN cat /tools.txt /deps.txt /app.txt > /bundle.txt',
            '',
          ].join('\n'),
        ],
        [`apps/${p}/src/app.txt`, line(p)],
      ]),
    );
  const nxJson = {
    plugins: [
      {
        plugin: '@nx-buildx/docker',
        options: { registry, imageName: `${id}-{projectName}`, cacheStrategy: 'registry' },
      },
    ],
  };
  const steps = async (ws: OwnWorkspace, p: string) =>
    JSON.parse(await readFile(join(ws.root, `dist/docker/apps/${p}/metadata.json`), 'utf8'))
      .steps as { run: number; cached: number };
  const report: string[] = [];
  afterAll(() => console.log(`many agents (${id}):\n${report.join('\n')}`));

  test('two agents build halves; a third, on a fresh engine, reuses every unchanged step', async () => {
    const [engineA, engineB] = await Promise.all([start(), start()]);
    const agents = await Promise.all([
      own(
        nxJson,
        files((p) => `${p} v1\n`),
      ),
      own(
        nxJson,
        files((p) => `${p} v1\n`),
      ),
    ]);
    // The projects to build, split in halves as a CI matrix would.
    const [first] = agents as [OwnWorkspace, OwnWorkspace];
    const toBuild = JSON.parse(
      (await first.nxOk(['show', 'projects', '--with-target', 'docker-build', '--json'])).stdout,
    ) as string[];
    expect(toBuild.sort()).toEqual(projects);
    const halves = [toBuild.slice(0, 2), toBuild.slice(2)];
    await Promise.all(
      agents.map((ws, i) =>
        ws.nxOk(['run-many', '-t', 'docker-build', '-p', (halves[i] as string[]).join(',')], {
          DOCKER_HOST: (i === 0 ? engineA : engineB).host,
        }),
      ),
    );
    for (const [i, ws] of agents.entries())
      for (const p of halves[i] as string[]) {
        const s = await steps(ws, p);
        report.push(`  agent ${i + 1} (empty engine) ${p}: ${s.run} steps run, ${s.cached} cached`);
        expect(s.run).toBeGreaterThan(0);
      }
    const tags = await fetch(`http://${LOCAL_REGISTRY}/v2/e2e/${id}/${id}-a1/tags/list`);
    expect(((await tags.json()) as { tags: string[] }).tags).toContain('buildcache');

    // Agent 3: a fresh engine, the same repository plus a one-line change in a2.
    const engineC = await start();
    const third = await own(
      nxJson,
      files((p) => (p === 'a2' ? `${p} v2\n` : `${p} v1\n`)),
    );
    await third.nxOk(['run-many', '-t', 'docker-build'], { DOCKER_HOST: engineC.host });
    for (const p of projects) {
      const s = await steps(third, p);
      report.push(`  agent 3 (fresh engine) ${p}: ${s.run} steps run, ${s.cached} cached`);
      // a2: the changed COPY and the RUN after it; everything else from the registry cache.
      expect(s).toEqual(p === 'a2' ? { run: 2, cached: 2 } : { run: 0, cached: 4 });
    }
  });
});
