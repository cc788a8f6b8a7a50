// Hostile input, data-loss area: cache directories, their lock, and prune. Each case
// asserts the exit code, the one message a user sees (option, value, fix), and that the
// files around are byte-for-byte unchanged with nothing half-written.
import { execaRunner } from '@nx-buildx/buildx';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceCacheDir } from '../../packages/docker/src/image/cache-location';
import { processesMatching } from '../../packages/buildx/src/testing/processes';
import { halfWrittenUnder, leftoverBuilds, treeSnapshot } from './hostile';
import {
  addProject,
  BUSYBOX,
  nx,
  removePath,
  spawnNx,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(600_000);

// Every nx run of this file keeps its caches in a root of its own.
const cacheRoot = mkdtempSync(join(tmpdir(), 'nx-buildx-hostile-cache-'));
const env = { NX_BUILDX_CACHE_DIR: cacheRoot };
afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));
const cacheOf = (name: string) => join(workspaceCacheDir(workspace(), env), name);

const build = (options: Record<string, unknown> = {}) => ({
  executor: '@nx-buildx/docker:docker-build',
  options: { cacheStrategy: 'local', ...options },
});
const prune = (options: Record<string, unknown>) => ({
  executor: '@nx-buildx/docker:docker-prune',
  // until: 10 years, so the engine's build cache (shared with other suites) is left alone
  options: { until: '520w', ...options },
});
const dockerfile = `FROM ${BUSYBOX}\nRUN echo hostile > /x\n`;

/** The workspace as files (node_modules by its top-level names: it is large, and was lost). */
async function workspaceState() {
  const ws = workspace();
  return {
    tree: await treeSnapshot(ws, { skip: ['node_modules', '.nx'] }),
    halfWritten: await halfWrittenUnder(ws),
    nodeModules: readdirSync(join(ws, 'node_modules')).sort(),
  };
}

async function imageExists(ref: string): Promise<boolean> {
  return (await execaRunner.run('docker', ['image', 'inspect', ref])).exitCode === 0;
}

/** `nx run` started in the background, as a user in another terminal; output collected. */
function startBuild(project: string) {
  const run = spawnNx(['run', `${project}:docker-build`], env);
  return { done: run.exited.then((exitCode) => ({ exitCode, output: run.output() })) };
}

/** The PID recorded in a cache's lock once a build holds it (the executor's process). */
async function lockHolder(cache: string): Promise<number> {
  const ownerFile = join(`${cache}.lock`, 'owner.json');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = existsSync(ownerFile) ? readFileSync(ownerFile, 'utf8') : '';
    if (text.endsWith('}')) return (JSON.parse(text) as { pid: number }).pid;
    if (Date.now() > deadline) throw new Error(`no build took the lock of ${cache}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function buildxStarted(cache: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await processesMatching(`dest=${cache}.`)).length === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
}

type Setup = (
  name: string,
) => Promise<{ target: Record<string, unknown>; files?: Record<string, string> }>;

const refusals: Array<[string, Setup, RegExp, RegExp]> = [
  [
    'cacheDir "." (the workspace root)',
    async () => ({ target: build({ cacheDir: '.' }) }),
    /cacheDir "\." \(.*\) is the workspace root: the plugin replaces and deletes its cache directory, which would delete the workspace\./,
    /Point cacheDir at a new or empty directory of its own/,
  ],
  [
    'cacheDir ".." (the workspace\'s parent)',
    async () => ({ target: build({ cacheDir: '..' }) }),
    /cacheDir "\/tmp" contains the workspace \/tmp\/nx-buildx-e2e-/,
    /Point cacheDir at a new or empty directory/,
  ],
  [
    'cacheDir "/" (a path containing the workspace)',
    async () => ({ target: build({ cacheDir: '/' }) }),
    /cacheDir "\/" contains the workspace \/tmp\/nx-buildx-e2e-/,
    /Point cacheDir at a new or empty directory/,
  ],
  [
    'cacheDir of an unmarked folder with files',
    async (n) => ({
      target: build({ cacheDir: `tools/${n}` }),
      files: { [`tools/${n}/notes.txt`]: 'mine\n', [`tools/${n}/sub/a.bin`]: 'a' },
    }),
    /cacheDir "tools\/\w+" \(.*\) is not empty and was not created by nx-buildx \(it has no \.nx-buildx-cache marker\)/,
    /If it is a cache of an older nx-buildx, delete it yourself/,
  ],
  [
    'cacheDir that is a file',
    async (n) => ({
      target: build({ cacheDir: `tools/${n}.txt` }),
      files: { [`tools/${n}.txt`]: 'a file\n' },
    }),
    /cacheDir "tools\/\w+\.txt" \(.*\) is a file, not a directory the plugin created/,
    /Point cacheDir at/,
  ],
  [
    'an unmarked X.next beside cacheDir',
    async (n) => ({
      target: build({ cacheDir: `tools/${n}`, context: `apps/${n}` }),
      files: { [`tools/${n}.next/keep.txt`]: 'mine\n' },
    }),
    /cacheDir "tools\/\w+" \(.*\) has a \w+\.next beside it \(.*\) that nx-buildx did not create/,
    /Move or rename .*\.next, or point cacheDir/,
  ],
  [
    'an unmarked X.old beside cacheDir',
    async (n) => ({
      target: build({ cacheDir: `tools/${n}`, context: `apps/${n}` }),
      files: { [`tools/${n}.old/keep.txt`]: 'mine\n' },
    }),
    /has a \w+\.old beside it .* that nx-buildx did not create/,
    /Move or rename .*\.old/,
  ],
  [
    'cacheDir inside the context and not in .dockerignore',
    async (n) => ({ target: build({ cacheDir: `apps/${n}/.cache`, context: `apps/${n}` }) }),
    /cacheDir "apps\/\w+\/\.cache" is inside the build context "apps\/\w+" and not excluded by its \.dockerignore/,
    /Add "\.cache\*" to apps\/\w+\/\.dockerignore, or move cacheDir outside the context/,
  ],
];

describe('hostile cache directories are refused before anything is built or touched', () => {
  it.each(refusals)('%s', async (_, setup, message, fix) => {
    const name = unique('hc');
    const { target, files } = await setup(name);
    await addProject(`apps/${name}`, { 'docker-build': target }, { Dockerfile: dockerfile });
    if (files) await writeFiles(files);
    const before = await workspaceState();
    const ws = workspace();
    const parentLock = `${dirname(ws)}.lock`;

    const result = await nx(['run', `${name}:docker-build`], env);
    try {
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(message);
      expect(result.output).toMatch(fix);
      // Said once: the message, and its code in the failure line.
      expect(result.output.match(/cacheDir "/g)?.length).toBe(1);
      expect(result.output.match(/CACHE_DIR_UNSAFE/g)?.length).toBe(1);
      expect(await workspaceState()).toEqual(before);
      expect(existsSync(`${ws}.lock`) || existsSync(parentLock) || existsSync('/.lock')).toBe(
        false,
      );
      expect(await imageExists(`${name}:latest`)).toBe(false);
    } finally {
      // The hostile folders are this case's own: other suites share the workspace, and
      // check it for half-written folders — so they go even when an assertion failed.
      for (const file of Object.keys(files ?? {}))
        await removePath(file.split('/').slice(0, 2).join('/'));
    }
  });
});

describe('docker-prune never removes what nx-buildx did not make', () => {
  it('localCaches over a project whose cacheDir is an unmarked folder: skipped and named, the folder kept', async () => {
    const name = unique('hp');
    await addProject(
      `apps/${name}`,
      {
        'docker-build': build({ cacheDir: `tools/${name}` }),
        prune: prune({ localCaches: [name] }),
      },
      { Dockerfile: dockerfile },
    );
    await writeFiles({
      [`tools/${name}/index.json`]: '{"looks":"like a cache"}',
      [`tools/${name}/data.txt`]: 'keep\n',
    });
    const before = await workspaceState();
    const result = await nx(['run', `${name}:prune`], env);
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(
      new RegExp(
        `warning: not removing .*tools/${name}: localCaches "tools/${name}" .* was not created by nx-buildx`,
      ),
    );
    expect(result.output).not.toMatch(/removed local cache/);
    expect(await workspaceState()).toEqual(before);
  });

  it('a dry run over a project whose cacheDir is "." does not list the workspace as removable', async () => {
    const name = unique('hp');
    await addProject(
      `apps/${name}`,
      {
        'docker-build': build({ cacheDir: '.' }),
        prune: prune({ localCaches: [name], dryRun: true }),
      },
      { Dockerfile: dockerfile },
    );
    const before = await workspaceState();
    const result = await nx(['run', `${name}:prune`], env);
    expect(result.exitCode).toBe(0);
    expect(result.output).not.toMatch(/would remove local cache/);
    expect(result.output).toMatch(
      /warning: not removing .*: localCaches "\." .* is the workspace root/,
    );
    expect(await workspaceState()).toEqual(before);
  });

  it("localCaches: true finds this workspace's caches under the cache root and marked old ones in node_modules/.cache, removes those, and skips an unmarked old one", async () => {
    const name = unique('hr');
    await addProject(
      `apps/${name}`,
      { 'docker-build': build(), prune: prune({ localCaches: true }) },
      { Dockerfile: dockerfile },
    );
    expect((await nx(['run', `${name}:docker-build`], env)).exitCode).toBe(0);
    const legacy = join(workspace(), 'node_modules/.cache/nx-buildx');
    await mkdir(join(legacy, `${name}-marked`), { recursive: true });
    await writeFile(
      join(legacy, `${name}-marked`, '.nx-buildx-cache'),
      '{"tool":"nx-buildx","kind":"local-cache"}\n',
    );
    await writeFile(join(legacy, `${name}-marked`, 'index.json'), '{}');
    await mkdir(join(legacy, `${name}-foreign`), { recursive: true });
    await writeFile(join(legacy, `${name}-foreign`, 'data.txt'), 'not a cache of ours\n');
    const before = await workspaceState();

    const result = await nx(['run', `${name}:prune`], env);

    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(`removed local cache ${cacheOf(name)} (`);
    expect(result.output).toContain(`removed local cache ${join(legacy, `${name}-marked`)} (`);
    expect(result.output).toMatch(
      new RegExp(
        `warning: not removing ${join(legacy, `${name}-foreign`)}: .*was not created by nx-buildx`,
      ),
    );
    expect(existsSync(cacheOf(name))).toBe(false);
    expect(readFileSync(join(legacy, `${name}-foreign`, 'data.txt'), 'utf8')).toBe(
      'not a cache of ours\n',
    );
    expect(await workspaceState()).toEqual(before); // node_modules by name: .cache itself stays
  });

  it.each([
    [{ until: '7 days' }, /until: "7 days" is not a duration; write e\.g\. 7d, 36h, 90m or 1w2d/],
    [
      { keepStorage: 'lots' },
      /keepStorage: "lots" is not a size; write a number with a unit, e\.g\. 500MB/,
    ],
  ])('a dry run with %j is refused as the real run would refuse it', async (bad, message) => {
    const name = unique('hp');
    await addProject(`apps/${name}`, { prune: prune({ dryRun: true, localCaches: true, ...bad }) });
    const before = await workspaceState();
    const result = await nx(['run', `${name}:prune`], env);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(message);
    expect(result.output).not.toMatch(/dry run: nothing pruned|build cache: /);
    expect(await workspaceState()).toEqual(before);
  });
});

describe('the default local cache and its lock', () => {
  it('lives outside the workspace, so COPY . . is cached on the second build; on CI it says what to persist', async () => {
    const name = unique('hd');
    // The context is the workspace root but sends only the project and the old default
    // cache root (which the plugin's earlier versions exported into on every build).
    await addProject(
      `apps/${name}`,
      { 'docker-build': build() },
      {
        Dockerfile: `FROM ${BUSYBOX}\nCOPY . /src\nRUN find /src -type f | sort > /files\n`,
        'Dockerfile.dockerignore': `*\n!apps/${name}/src\n!node_modules/.cache\n`,
        'src/main.txt': 'hello\n',
      },
    );
    const first = await nx(['run', `${name}:docker-build`], env);
    expect(first.exitCode).toBe(0);
    expect(first.output.match(/on CI, persist that directory between runs/g)).toHaveLength(1);
    expect(first.output).toContain(`note: the local cache is ${cacheOf(name)}`);
    expect(readdirSync(cacheOf(name)).sort()).toEqual([
      '.nx-buildx-cache',
      'blobs',
      'index.json',
      'ingest',
      'oci-layout',
    ]);
    const second = await nx(['run', `${name}:docker-build`], env);
    expect(second.exitCode).toBe(0);
    expect(second.output).toMatch(/— 0 steps run, 2 cached —/);
    expect(await halfWrittenUnder(dirname(cacheOf(name)))).toEqual([]);
  });

  it('a stale lock of a dead PID is taken over at once, with a message naming it', async () => {
    const name = unique('hl');
    await addProject(`apps/${name}`, { 'docker-build': build() }, { Dockerfile: dockerfile });
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid as number));
    });
    const lock = `${cacheOf(name)}.lock`;
    await mkdir(join(lock, 'held'), { recursive: true });
    const host = hostname();
    await writeFile(
      join(lock, 'owner.json'),
      JSON.stringify({ pid: dead, host, since: '2026-11-28T01:00:00.000Z' }),
    );
    const started = Date.now();
    const result = await nx(['run', `${name}:docker-build`], env);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(
      `taking over the lock of the local cache ${cacheOf(name)}: the build with PID ${dead} on ${host} is no longer running.`,
    );
    expect(Date.now() - started).toBeLessThan(15_000); // was: 17-24 s of silence
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(cacheOf(name), '.nx-buildx-cache'))).toBe(true);
  });

  it("SIGKILL of the executor mid-build: the next build takes the lock over, never shares the orphan's export, and a build after that is fully cached", async () => {
    const name = unique('hk');
    await addProject(
      `apps/${name}`,
      { 'docker-build': build() },
      {
        Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} > /a && sleep 10\nRUN echo done > /b\n`,
      },
    );
    const first = startBuild(name);
    const pid = await lockHolder(cacheOf(name));
    await buildxStarted(cacheOf(name));
    process.kill(pid, 'SIGKILL');
    await first.done;

    const started = Date.now();
    const second = await nx(['run', `${name}:docker-build`], env);
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain(
      `taking over the lock of the local cache ${cacheOf(name)}: the build with PID ${pid}`,
    );
    expect(Date.now() - started).toBeLessThan(60_000);

    expect(await leftoverBuilds(`${cacheOf(name)}.${pid}-`)).toEqual([]); // the orphan ends by itself
    const third = await nx(['run', `${name}:docker-build`], env);
    expect(third.exitCode).toBe(0);
    expect(third.output).toMatch(/— 0 steps run, 2 cached —/);
    expect(await halfWrittenUnder(dirname(cacheOf(name)))).toEqual([]);
  });

  it('Ctrl-Z past the stale time while another build waits: the waiter says whom it waits for and takes over; the resumed build warns, never crashes, never swaps', async () => {
    const name = unique('hz');
    await addProject(
      `apps/${name}`,
      { 'docker-build': build() },
      {
        Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} > /a && sleep 3\n`,
      },
    );
    const first = startBuild(name);
    const pid = await lockHolder(cacheOf(name));
    await buildxStarted(cacheOf(name));
    process.kill(pid, 'SIGSTOP');
    try {
      const second = await nx(['run', `${name}:docker-build`], env);
      expect(second.exitCode).toBe(0);
      expect(second.output).toMatch(
        new RegExp(
          `waiting for the local cache ${cacheOf(name)}: it is locked by the build with PID ${pid} on ${hostname()} since 20`,
        ),
      );
      expect(second.output).toMatch(
        new RegExp(
          `(taking over|took over) the lock of the local cache ${cacheOf(name)}.* PID ${pid} `,
        ),
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const resumed = await first.done;
    expect(resumed.exitCode).toBe(0);
    expect(resumed.output).toContain(`warning: lost the lock on the local cache ${cacheOf(name)}`);
    expect(resumed.output).not.toMatch(/ECOMPROMISED|Unhandled|\n\s+at /);
    expect(readdirSync(cacheOf(name))).toContain('index.json');
    expect(await halfWrittenUnder(dirname(cacheOf(name)))).toEqual([]);
  });
});
