// Multi-platform, bake, prune/du, context and interrupt behaviour on the real engine.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBake } from '../bake/run';
import { buildxVersion } from '../builder/query';
import { contextFiles } from '../context/files';
import { removeImages, runImage } from '../testing/container';
import { registryManifest } from '../testing/registry';
import { diskUsage } from '../prune/du';
import { runPrune } from '../prune/prune';
import { pruneAllBuildCache } from '../testing/engine';
import { leftoverProcesses, processesMatching } from '../testing/processes';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { InterruptedError } from '../errors/errors';
import { runBuild } from './run';

jest.setTimeout(600_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

describe('the real engine', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const fn of cleanup) await fn();
  });
  const dir = async (tree: Parameters<typeof testdir>[0]) => {
    const d = await testdir(tree);
    cleanup.push(() => rm(d, { recursive: true, force: true }));
    return d;
  };

  it('pushes a multi-platform image: both manifests in the registry, the arm64 image runs under qemu', async () => {
    const repo = `nx-buildx-test/${uniqueName('multi')}`;
    const ref = `${LOCAL_REGISTRY}/${repo}:1`;
    const context = await dir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN uname -m > /arch\nCMD ["cat", "/arch"]\n`,
    });
    cleanup.push(() => removeImages([ref]));

    await runBuild({ context, tags: [ref], platforms: ['linux/amd64', 'linux/arm64'], push: true });

    const manifest = await registryManifest(LOCAL_REGISTRY, repo, '1');
    expect(manifest.platforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect((await runImage(ref, [], { platform: 'linux/arm64' })).trim()).toBe('aarch64');
    expect((await runImage(ref, [], { platform: 'linux/amd64' })).trim()).toBe('x86_64');
  });

  it('bakes two targets where one FROMs the other through a target: context, building the base once', async () => {
    const marker = uniqueName('bake');
    const context = await dir({
      'base.Dockerfile': `FROM ${BUSYBOX}\nRUN echo "base ${marker}" > /base.txt\n`,
      'app.Dockerfile': 'FROM base\nRUN cat /base.txt > /app.txt\nCMD ["cat", "/app.txt"]\n',
      'docker-bake.json': JSON.stringify({
        group: { default: { targets: ['base', 'app'] } },
        target: {
          base: {
            context: '.',
            dockerfile: 'base.Dockerfile',
            tags: [`nx-buildx-test/${marker}-base:1`],
          },
          app: {
            context: '.',
            dockerfile: 'app.Dockerfile',
            contexts: { base: 'target:base' },
            tags: [`nx-buildx-test/${marker}-app:1`],
          },
        },
      }),
    });
    cleanup.push(() =>
      removeImages([`nx-buildx-test/${marker}-base:1`, `nx-buildx-test/${marker}-app:1`]),
    );
    const lines: string[] = [];

    const result = await runBake(
      { files: ['docker-bake.json'], load: true },
      { cwd: context, onLine: (l) => lines.push(l) },
    );

    expect(Object.keys(result.targets).sort()).toEqual(['app', 'base']);
    expect(result.targets.app?.digest).toMatch(/^sha256:/);
    expect(lines.filter((l) => / RUN echo "base /.test(l) && /^#\d+ \[/.test(l))).toHaveLength(1);
    expect((await runImage(`nx-buildx-test/${marker}-app:1`)).trim()).toBe(`base ${marker}`);
  });

  it('prune reclaims what du reported, and du agrees afterwards', async () => {
    const context = await dir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN head -c 3000000 /dev/urandom > /noise\n`,
    });
    await runBuild({ context, noCache: true });
    const version = await buildxVersion();
    const before = await diskUsage();
    expect(before.totalBytes).toBeGreaterThan(3_000_000);

    const pruned = await runPrune({ all: true }, { version });
    const after = await diskUsage();

    // du and prune print sizes rounded to 4 digits: allow 1% of the total.
    const tolerance = before.totalBytes * 0.01 + 10_000;
    expect(
      Math.abs(pruned.reclaimedBytes - (before.totalBytes - after.totalBytes)),
    ).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(pruned.reclaimedBytes - before.reclaimableBytes)).toBeLessThanOrEqual(
      tolerance,
    );
    expect(after.totalBytes).toBeLessThan(before.totalBytes);
  });

  it('contextFiles lists exactly the files BuildKit sends, on a tree with tricky .dockerignore rules', async () => {
    const context = await dir({
      '.dockerignore': [
        '**/*.log',
        '!important.log',
        'node_modules',
        '/secret',
        'docs/**/draft*',
        'build/*',
        '!build/keep',
        '*.tmp',
        'Dockerfile.dockerignore',
      ].join('\n'),
      Dockerfile: `FROM ${BUSYBOX}\nCOPY . /ctx\nRUN cd /ctx && find . \\( -type f -o -type l \\) | sed 's|^./||' | sort > /list\nCMD ["cat", "/list"]\n`,
      'a.log': '',
      'important.log': '',
      'src/x.log': '',
      'src/index.js': '',
      'src/nested/secret': '',
      secret: '',
      'node_modules/m/i.js': '',
      'docs/a/draft-1.md': '',
      'docs/a/final.md': '',
      'build/out.js': '',
      'build/keep': '',
      'x.tmp': '',
      'sub/y.tmp': '',
      'link-to-src': { symlink: 'src/index.js' },
    });
    const tag = `nx-buildx-test/${uniqueName('ctx')}:1`;
    cleanup.push(() => removeImages([tag]));
    await runBuild({ context, tags: [tag], load: true });

    const sent = (await runImage(tag)).trim().split('\n');
    expect(await contextFiles(context)).toEqual(sent.sort());
  });

  it('contextFiles follows BuildKit in preferring <Dockerfile>.dockerignore over the context .dockerignore', async () => {
    const context = await dir({
      '.dockerignore': 'kept-by-dockerfile-ignore\n',
      'docker/app.Dockerfile': `FROM ${BUSYBOX}\nCOPY . /ctx\nRUN cd /ctx && find . \\( -type f -o -type l \\) | sed 's|^./||' | sort > /list\nCMD ["cat", "/list"]\n`,
      'docker/app.Dockerfile.dockerignore': 'ignored-by-dockerfile-ignore\n',
      'kept-by-dockerfile-ignore': '',
      'ignored-by-dockerfile-ignore': '',
    });
    const tag = `nx-buildx-test/${uniqueName('ctx2')}:1`;
    cleanup.push(() => removeImages([tag]));
    await runBuild({
      context,
      file: join(context, 'docker/app.Dockerfile'),
      tags: [tag],
      load: true,
    });

    const sent = (await runImage(tag)).trim().split('\n').sort();
    expect(sent).toContain('kept-by-dockerfile-ignore');
    expect(await contextFiles(context, { dockerfile: 'docker/app.Dockerfile' })).toEqual(sent);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a long RUN stops the build and leaves no docker process behind',
    async (signal) => {
      const marker = uniqueName(signal.toLowerCase());
      const context = await dir({
        Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${marker} && sleep 300\n`,
      });
      const child = spawn(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          join(__dirname, '../testing/scripts/build-then-wait.ts'),
          context,
        ],
        {
          cwd: join(__dirname, '../..'),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      const started = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          if (new RegExp(`^#\\d+ \\d+\\.\\d+ ${marker}`, 'm').test(output)) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      await started;

      child.kill(signal);
      expect(await exited).toBe(130);
      expect(output).toContain(`INTERRUPTED ${signal}`);

      expect(await leftoverProcesses(marker)).toEqual([]);
      expect(await processesMatching(`buildx build.*${context}`)).toEqual([]);
    },
  );

  it("docker stopped by a Ctrl-C this process did not get (a pty of its own, as under Nx's terminal UI): INTERRUPTED, not a build failure", async () => {
    const marker = uniqueName('pty');
    const context = await dir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${marker} && sleep 300\n`,
    });
    let seen: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (seen = resolve));
    const build = runBuild(
      { context, noCache: true, progress: 'plain' },
      { onLine: (line) => line.includes(marker) && seen() },
    ).catch((err: unknown) => err);
    await started;
    const [line] = await processesMatching(`buildx build.*${context}`);
    process.kill(Number(line?.split(' ')[0]), 'SIGINT');
    const err = await build;
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as Error).message).toMatch(/was interrupted \(docker was cancelled/);
    expect(await leftoverProcesses(marker)).toEqual([]);
  });

  afterAll(() => pruneAllBuildCache());
});
