// Hostile input, part "interruption, a hung engine, messages and the metadata file"
// (issue 7): each case fails with ONE message that names the option or endpoint and the
// fix, exits non-zero, and leaves nothing lost or half-written — user files byte for
// byte, no temp files, no image from a refused build, no docker process left running.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaRunner } from '@nx-buildx/buildx';
import { halfWrittenUnder, leftoverBuilds, treeSnapshot } from './hostile';
import { addProject, BUSYBOX, nx, spawnNx, unique, workspace, writeFiles } from './workspace';

jest.setTimeout(300_000);

const OK_DOCKERFILE = `FROM ${BUSYBOX}\nRUN true\n`;
const target = (options: Record<string, unknown> = {}) => ({
  'docker-build': {
    executor: '@nx-buildx/docker:docker-build',
    options: { cacheStrategy: 'local', ...options },
  },
});
const imageExists = async (ref: string) =>
  (await execaRunner.run('docker', ['image', 'inspect', ref])).exitCode === 0;
const count = (text: string, re: RegExp) =>
  (text.match(new RegExp(re.source, `${re.flags.replace('g', '')}g`)) ?? []).length;

// Fixtures outside the workspace: a user's file, a read-only mount, a hung engine socket.
const outside = mkdtempSync(join(tmpdir(), 'nx-buildx-hostile-msg-'));
const readOnly = join(outside, 'ro');
const hungSocket = join(outside, 'hung.sock');
const dockerConfig = join(outside, 'docker-config');
let hung: ChildProcess | undefined;

beforeAll(async () => {
  mkdirSync(readOnly);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnly]);
  // A loopback unix socket that accepts connections and never answers (a stuck engine).
  hung = spawn(
    process.execPath,
    ['-e', `require('node:net').createServer(() => {}).listen(${JSON.stringify(hungSocket)})`],
    { stdio: 'ignore' },
  );
  // A docker context of its own (in a private DOCKER_CONFIG) whose endpoint is that socket.
  execFileSync(
    'docker',
    ['context', 'create', 'hm-hung', '--docker', `host=unix://${hungSocket}`],
    {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50 && !existsSync(hungSocket); i++)
    await new Promise((r) => setTimeout(r, 100));
});
afterAll(() => {
  if (hung?.pid) process.kill(hung.pid, 'SIGTERM');
  execFileSync('umount', [readOnly]);
  rmSync(outside, { recursive: true, force: true });
});

interface Case {
  /** Options of the docker-build target (besides cacheStrategy: local and a unique imageName). */
  options?: (root: string) => Record<string, unknown>;
  files?: Record<string, string>;
  args?: string[];
  env?: () => Record<string, string>;
  /** Runs before nx; returns what must be unchanged afterwards (absolute paths). */
  prepare?: (root: string) => string[];
  /** The one message (appears exactly once). */
  message: RegExp;
  /** Must not appear (the old, wrong message). */
  not?: RegExp;
  /** Upper bound of the run (a hang fails the case). */
  withinMs?: number;
}

const userFile = (root: string) => {
  const path = join(workspace(), root, 'notes.json');
  writeFileSync(path, '{"mine": true}\n');
  return [path];
};

const cases: Array<[string, Case]> = [
  [
    'metadataFile = an existing user file (left byte for byte)',
    {
      options: (root) => ({ metadataFile: `${root}/notes.json` }),
      prepare: userFile,
      message:
        /metadataFile: "[^"]*notes\.json" already exists and is not a build report of @nx-buildx\/docker, so it was left as it is\. Point metadataFile at a new file/,
    },
  ],
  [
    'metadataFile = a folder',
    {
      options: (root) => ({ metadataFile: root }),
      message: /metadataFile: "[^"]+" is a directory; it must name a file\. .*metadata\.json/,
      not: /EISDIR/,
    },
  ],
  [
    'metadataFile = /proc/x (never hangs)',
    {
      options: () => ({ metadataFile: '/proc/x/metadata.json' }),
      message:
        /metadataFile: "\/proc\/x\/metadata\.json" is under \/proc, where no file can be written safely/,
      withinMs: 60_000,
    },
  ],
  [
    'metadataFile under a read-only folder',
    {
      options: () => ({ metadataFile: join(readOnly, 'metadata.json') }),
      message: /metadataFile: cannot create a file in "[^"]+\/ro" \(read-only file system\)/,
    },
  ],
  [
    'metadataFile under a file',
    {
      options: (root) => ({ metadataFile: `${root}/Dockerfile/metadata.json` }),
      message: /metadataFile: "[^"]+\/Dockerfile" is a file, so .* cannot be created under it/,
      not: /ENOTDIR/,
    },
  ],
  [
    'a hung DOCKER_HOST socket fails in bounded time, naming it',
    {
      env: () => ({ DOCKER_HOST: `unix://${hungSocket}`, NX_BUILDX_ENGINE_TIMEOUT_MS: '3000' }),
      message:
        /The Docker Engine at unix:\/\/\S+hung\.sock \(from DOCKER_HOST\) accepted the connection but did not answer within 3s/,
      withinMs: 45_000,
    },
  ],
  [
    'an engine that is down: what a user of the package does',
    {
      env: () => ({ DOCKER_HOST: `unix://${outside}/no-engine.sock` }),
      message:
        /The Docker Engine is not reachable: unix:\/\/\S+no-engine\.sock \(from DOCKER_HOST\): no such socket\n.*Start Docker .*`docker info`.*DOCKER_HOST or DOCKER_CONTEXT/s,
      not: /tools\/docker-engine/,
    },
  ],
  [
    'a missing Dockerfile: something true to do',
    {
      files: {},
      message:
        /file: no Dockerfile at \S+\/Dockerfile\. Write a Dockerfile there .*or set file to the Dockerfile's path/,
      not: /nx g @nx-buildx\/docker:dockerfile/,
    },
  ],
  [
    '--no-cache suggests noCache',
    {
      args: ['--no-cache'],
      message:
        /unknown option "cache"; did you mean "noCache"\? On the command line --no-cache means cache: false; write --noCache instead/,
      not: /cacheStrategy/,
    },
  ],
  [
    'a hung engine behind DOCKER_CONTEXT fails in bounded time, naming the context',
    {
      env: () => ({
        DOCKER_CONFIG: dockerConfig,
        DOCKER_CONTEXT: 'hm-hung',
        NX_BUILDX_ENGINE_TIMEOUT_MS: '3000',
      }),
      message:
        /The Docker Engine at unix:\/\/\S+hung\.sock \(from DOCKER_CONTEXT "hm-hung"\) accepted the connection but did not answer within 3s/,
      withinMs: 45_000,
    },
  ],
  [
    'an unknown placeholder is listed once',
    {
      options: () => ({ tags: ['v-{nope}'] }),
      message: /tags\.0: unknown placeholder \{nope\} in "v-\{nope\}"/,
      not: /is not a valid tag/,
    },
  ],
  [
    'a placeholder without a value is listed once',
    {
      options: () => ({ imageName: 'app-{version}' }),
      message: /imageName: \{version\} in "app-\{version\}" has no value here/,
      not: /is not a valid image name/,
    },
  ],
  [
    'a failed build shows the failing step once, not the progress twice',
    {
      files: { Dockerfile: `FROM ${BUSYBOX}\nRUN echo hostile-step-out && exit 7\n` },
      message:
        /docker buildx build failed with exit code 1 at step \[2\/2\] RUN echo hostile-step-out && exit 7\. Its last lines:\n.*hostile-step-out\n.*\(Dockerfile:2\)\n.*ERROR: (failed to build: )?failed to solve: .*exit code: 7/,
    },
  ],
];

describe('hostile messages: one clear message, nothing lost or half-written', () => {
  test.each(cases)('%s', async (_, c) => {
    const name = unique('hm');
    const root = `apps/${name}`;
    const image = `hostile-msg/${name}`;
    await addProject(
      root,
      target({ imageName: image, ...(c.options?.(root) ?? {}) }),
      c.files ?? { Dockerfile: OK_DOCKERFILE },
    );
    const guarded = c.prepare?.(root) ?? [];
    const before = await Promise.all(guarded.map((p) => readFileSync(p)));
    const projectBefore = await treeSnapshot(join(workspace(), root));

    const started = Date.now();
    const result = await nx(['run', `${name}:docker-build`, ...(c.args ?? [])], c.env?.() ?? {});
    const elapsed = Date.now() - started;

    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(c.message);
    expect(count(result.output, c.message)).toBe(1);
    if (c.not) expect(result.output).not.toMatch(c.not);
    if (c.withinMs) expect(elapsed).toBeLessThan(c.withinMs);
    // Nothing lost or half-written: the user's files, the project, no temp files, no
    // report, no image, no docker process.
    guarded.forEach((p, i) => expect(readFileSync(p)).toEqual(before[i]));
    expect(await treeSnapshot(join(workspace(), root))).toEqual(projectBefore);
    expect(await halfWrittenUnder(workspace())).toEqual([]);
    expect(await halfWrittenUnder(outside)).toEqual([]);
    expect(existsSync(join(workspace(), 'dist/docker', root, 'metadata.json'))).toBe(false);
    expect(await imageExists(`${image}:latest`)).toBe(false);
    expect(await leftoverBuilds(name)).toEqual([]);
  });
});

describe('hostile messages that build', () => {
  it('--buildArgs.X=12 (a number to Nx) builds with "12" in the image', async () => {
    const name = unique('hmarg');
    await addProject(`apps/${name}`, target({ imageName: `hostile-msg/${name}` }), {
      Dockerfile: `FROM ${BUSYBOX}\nARG X\nRUN echo "X=$X" > /x\n`,
    });
    const result = await nx([
      'run',
      `${name}:docker-build`,
      '--buildArgs.X=12',
      '--buildArgs.Y=true',
    ]);
    expect(result.exitCode).toBe(0);
    const run = await execaRunner.run('docker', [
      'run',
      '--rm',
      `hostile-msg/${name}:latest`,
      'cat',
      '/x',
    ]);
    expect(run.stdout.trim()).toBe('X=12');
    expect(result.output).not.toMatch(/arrived as the number/);
    expect(await halfWrittenUnder(workspace())).toEqual([]);
  });

  it('a full disk under metadataFile: WRITE_FAILED names the file, the option and ENOSPC; no report, no temp file', async () => {
    const name = unique('hmfull');
    const full = join(workspace(), 'dist', `${name}-full`);
    mkdirSync(full, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]);
    try {
      // fill it to the last block
      spawnSyncFill(join(full, 'filler'));
      await addProject(
        `apps/${name}`,
        target({
          imageName: `hostile-msg/${name}`,
          metadataFile: `dist/${name}-full/metadata.json`,
        }),
        { Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} > /m\n` },
      );
      const result = await nx(['run', `${name}:docker-build`]);
      expect(result.exitCode).not.toBe(0);
      expect(result.output).toMatch(
        new RegExp(
          `\\[WRITE_FAILED\\].*\\n.*Could not write the report of the image just built \\(the image is in the engine, tagged\\) .*dist/${name}-full/metadata\\.json \\(the metadataFile option\\): ENOSPC`,
        ),
      );
      expect(result.output).toMatch(/free space there, or point metadataFile at another disk/);
      expect(existsSync(join(full, 'metadata.json'))).toBe(false);
      expect(await halfWrittenUnder(full)).toEqual([]);
    } finally {
      execFileSync('umount', [full]);
      rmSync(full, { recursive: true, force: true });
    }
  });

  it('--buildArgs.X=1.10 (read by Nx as 1.1) builds and warns once, naming the arg', async () => {
    const name = unique('hmdec');
    await addProject(`apps/${name}`, target({ imageName: `hostile-msg/${name}` }), {
      Dockerfile: `FROM ${BUSYBOX}\nARG X\nRUN echo "X=$X" > /x\n`,
    });
    const result = await nx(['run', `${name}:docker-build`, '--buildArgs.X=1.10']);
    expect(result.exitCode).toBe(0);
    const warning =
      /warning: buildArgs\.X arrived as the number 1\.1 .* set buildArgs\.X as a string in project\.json/;
    expect(count(result.output, warning)).toBe(1);
  });

  it('a report of our own is replaced; the context warning comes once, and not with dist in .dockerignore', async () => {
    const name = unique('hmown');
    const root = `apps/${name}`;
    await addProject(root, target({ imageName: `hostile-msg/${name}`, context: root }), {
      Dockerfile: `${OK_DOCKERFILE}COPY . /ctx\n`,
    });
    // Context = the project folder, report inside it: sent with every build, and copied.
    await writeFiles({
      [`${root}/project.json`]: JSON.stringify({
        name,
        root,
        targets: target({
          imageName: `hostile-msg/${name}`,
          context: root,
          metadataFile: `${root}/out/metadata.json`,
        }),
      }),
    });
    const first = await nx(['run', `${name}:docker-build`]);
    expect(first.exitCode).toBe(0);
    const warning =
      /warning: metadataFile "out\/metadata\.json" lies inside the build context "apps\/\S+" and its \.dockerignore does not exclude it: .* Add "out" to apps\/\S+\/\.dockerignore, or set metadataFile outside the context\./;
    expect(count(first.output, warning)).toBe(1);
    const report = JSON.parse(readFileSync(join(workspace(), root, 'out/metadata.json'), 'utf8'));
    expect(report.writtenBy).toBe('@nx-buildx/docker');

    await writeFiles({ [`${root}/.dockerignore`]: 'out\n' });
    const second = await nx(['run', `${name}:docker-build`]);
    expect(second.exitCode).toBe(0);
    expect(second.output).not.toMatch(/lies inside the build context/);
    const again = JSON.parse(readFileSync(join(workspace(), root, 'out/metadata.json'), 'utf8'));
    expect(again.builtAt).not.toBe(report.builtAt);
    expect(await halfWrittenUnder(workspace())).toEqual([]);
  });
});

/** PIDs of `pid` and all its descendants, with their command lines. */
function processTree(pid: number): Array<{ pid: number; args: string }> {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] as string }));
  const found = [{ pid, args: '' }];
  for (let i = 0; i < found.length; i++)
    for (const r of rows) if (r.ppid === (found[i] as { pid: number }).pid) found.push(r);
  return found;
}

describe('SIGTERM', () => {
  test.each([
    ['of the whole process group (a CI timeout, kill -TERM -PGID)', 'group'],
    ['of the executor process alone', 'executor'],
  ])('%s is reported as interrupted, with no docker process left', async (_, whom) => {
    const marker = unique('hmterm');
    await addProject(`apps/${marker}`, target({ imageName: `hostile-msg/${marker}` }), {
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${marker} && sleep 300\n`,
    });
    const run = spawnNx(['run', `${marker}:docker-build`]);
    await run.waitFor(new RegExp(`#\\d+ \\d+\\.\\d+ ${marker}`));

    if (whom === 'group') process.kill(-run.pid, 'SIGTERM');
    else {
      const executor = processTree(run.pid).find((p) => /run-executor\.js/.test(p.args));
      expect(executor).toBeDefined();
      process.kill((executor as { pid: number }).pid, 'SIGTERM');
    }
    expect(await run.exited).not.toBe(0);

    expect(run.output()).toMatch(
      /docker-build for hmterm\S* was interrupted \(SIGTERM\); the docker process is stopped; the image and its report are unchanged/,
    );
    expect(run.output()).not.toMatch(/Fix the error|failed with exit code/);
    expect(await leftoverBuilds(marker)).toEqual([]);
    expect(existsSync(join(workspace(), 'dist/docker/apps', marker, 'metadata.json'))).toBe(false);
    expect(await halfWrittenUnder(workspace())).toEqual([]);
  });
});

/** Writes zeros to `path` until its disk is full. */
function spawnSyncFill(path: string): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${path}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    // dd ends with "No space left on device": that is the point
  }
}
