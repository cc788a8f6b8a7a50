import { execaRunner } from '@nx-buildx/buildx';
import { freeLoopbackPort } from '../../packages/buildx/src/testing/ports';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second Docker Engine beside the first — "another CI runner" on one machine — with
 * its own data-root, exec-root, socket and bridge (shared/docker-engine.md). Only this
 * test's own processes and interfaces are touched; stop() ends them by PID.
 */
export interface SecondEngine {
  /** DOCKER_HOST value that points the docker CLI at this engine. */
  host: string;
  /** `tcp://127.0.0.1:<port>` when started with `tcp: true` (a "remote" engine on loopback). */
  tcpHost?: string;
  stop(): Promise<void>;
}

/** A loopback TCP port nothing listens on now. */
export const freePort = freeLoopbackPort;

export async function startSecondEngine(o: {
  containerdStore: boolean;
  /** Also listen on a free loopback TCP port, plain (no TLS: loopback only, tests only). */
  tcp?: boolean;
}): Promise<SecondEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'nxbe-'));
  const bridge = `nxb${Math.random().toString(36).slice(2, 8)}`;
  const subnet = 200 + Math.floor(Math.random() * 50);
  const ip = async (...args: string[]) => {
    const r = await execaRunner.run('ip', args);
    if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  };
  await ip('link', 'add', 'name', bridge, 'type', 'bridge');
  await ip('addr', 'add', `10.254.${subnet}.1/24`, 'dev', bridge);
  await ip('link', 'set', bridge, 'up');
  await writeFile(
    join(dir, 'daemon.json'),
    JSON.stringify({ features: { 'containerd-snapshotter': o.containerdStore } }),
  );

  const host = `unix://${dir}/docker.sock`;
  const tcpHost = o.tcp ? `tcp://127.0.0.1:${await freePort()}` : undefined;
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '-H',
      host,
      ...(tcpHost ? ['-H', tcpHost] : []),
      '--config-file',
      join(dir, 'daemon.json'),
      '-b',
      bridge,
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  closeSync(log);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await execaRunner.run('ip', ['link', 'delete', bridge]);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  for (let i = 0; i < 240; i++) {
    const r = await execaRunner.run('docker', ['info', '--format', '{{.ServerVersion}}'], {
      env: { DOCKER_HOST: host },
    });
    if (r.exitCode === 0) return { host, tcpHost, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const logText = await readFile(join(dir, 'dockerd.log'), 'utf8').catch(() => '');
  await stop();
  throw new Error(`the second dockerd did not come up:\n${logText.slice(-2000)}`);
}
