// A local npm registry (verdaccio 6.8.0, a root devDependency) on 127.0.0.1 for suites that
// install the plugin as users do: `nx add`, `npm install @nx-buildx/docker`. It has no
// uplink: only what is published to it is served, so a workspace points only the
// @nx-buildx scope at it and takes everything else from its usual registry.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaRunner } from '@nx-buildx/buildx';
import { freeLoopbackPort as freePort } from '../../packages/buildx/src/testing/ports';

const VERDACCIO = join(__dirname, '../../node_modules/.bin/verdaccio');

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  pid: number;
  /** The `.npmrc` line that sends the @nx-buildx scope to this registry. */
  scopeLine: string;
  /** Stops verdaccio (by its PID) and removes its storage. */
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const why = exited();
    if (why) throw new Error(`verdaccio stopped before it listened: ${why}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 30s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts verdaccio and publishes every tarball in `packsDir` to it. */
export async function startLocalRegistry(packsDir: string): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'nx-buildx-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  await writeFile(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: -1',
      'uplinks: {}',
      'packages:',
      "  '@nx-buildx/*':",
      '    access: $all',
      '    publish: $all',
      "  '**':",
      '    access: $all',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(
    VERDACCIO,
    ['--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  let exit: string | undefined;
  child.stdout.on('data', (c: Buffer) => (log += c));
  child.stderr.on('data', (c: Buffer) => (log += c));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = `exit ${code ?? signal}\n${log.slice(-2000)}`;
      resolve();
    }),
  );
  const stop = async () => {
    if (exit === undefined && child.pid) {
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, () => exit);
    // publish needs some token for the registry; verdaccio lets anyone publish the scope
    const userconfig = join(dir, 'publish.npmrc');
    await writeFile(userconfig, `//127.0.0.1:${port}/:_authToken=e2e-local-only\n`);
    for (const tgz of (await readdir(packsDir)).filter((f) => f.endsWith('.tgz')).sort()) {
      const r = await execaRunner.run('npm', [
        'publish',
        join(packsDir, tgz),
        '--registry',
        url,
        '--userconfig',
        userconfig,
        '--tag',
        'latest',
      ]);
      if (r.exitCode !== 0) throw new Error(`npm publish ${tgz} failed:\n${r.stderr.slice(-2000)}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid as number, scopeLine: `@nx-buildx:registry=${url}`, stop };
}
