// Runs that stop making progress, on the real engine: a registry that stops reading
// mid-push and an engine socket that stalls mid-build, both loopback proxies of ours.
// The user is told what the run waits on; with a stall limit it fails with STALLED and
// leaves no docker process behind.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StalledError } from '../errors/errors';
import { removeImages } from '../testing/container';
import { leftoverProcesses } from '../testing/processes';
import { startStallProxy, type StallProxy } from '../testing/stall-proxy';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { runBuild } from './run';

jest.setTimeout(180_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;
const FAST_NOTICE = { NX_BUILDX_STALL_NOTICE: '2s' };

describe('a run that stops making progress', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });
  const proxy = async (o: Parameters<typeof startStallProxy>[0]) => {
    const p: StallProxy = await startStallProxy(o);
    cleanup.push(() => p.close());
    return p;
  };

  it('a registry that stops reading mid-push: notices name the push, the limit stops it with STALLED', async () => {
    const registry = await proxy({
      listen: { port: 0 },
      target: { host: '127.0.0.1', port: 5000 },
      stallAfterBytes: 1_000_000,
    });
    const marker = uniqueName('stallpush');
    const context = await testdir({
      Dockerfile: `FROM ${BUSYBOX}\nCOPY blob /blob\nRUN echo ${marker} > /m\n`,
    });
    cleanup.push(() => rm(context, { recursive: true, force: true }));
    await writeFile(join(context, 'blob'), randomBytes(6_000_000));
    const ref = `${registry.address}/nx-buildx-test/${marker}:1`;
    cleanup.push(() => removeImages([ref]));
    const lines: string[] = [];
    const started = Date.now();
    const err = await runBuild(
      { context, tags: [ref], push: true },
      { onLine: (l) => lines.push(l), env: FAST_NOTICE, stallLimitMs: 10_000 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StalledError);
    expect((err as StalledError).code).toBe('STALLED');
    expect((err as StalledError).waitingOn).toMatch(/push/i);
    expect((err as Error).message).toMatch(/registry it talks to may have stopped answering/);
    expect(
      lines.some((l) => /^\[nx-buildx\] no progress for \d+ s; waiting on .*push/i.test(l)),
    ).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await leftoverProcesses(`buildx build.*${context}`)).toEqual([]);
  });

  it('an engine socket that stalls mid-build: the notice says so, the limit stops it with STALLED', async () => {
    const path = join(tmpdir(), `${uniqueName('stallsock')}.sock`);
    const engine = await proxy({ listen: { path }, target: { path: '/var/run/docker.sock' } });
    const marker = uniqueName('stallsock');
    const context = await testdir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${marker}-a && sleep 1\nRUN echo ${marker}-b > /b\n`,
    });
    cleanup.push(() => rm(context, { recursive: true, force: true }));
    const lines: string[] = [];
    const started = Date.now();
    const err = await runBuild(
      { context, noCache: true },
      {
        env: { ...FAST_NOTICE, DOCKER_HOST: `unix://${path}` },
        stallLimitMs: 8_000,
        onLine: (l) => {
          lines.push(l);
          if (l.includes(`${marker}-a`)) engine.stall();
        },
      },
    ).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(StalledError);
    // the limit, then the runner's 5 s grace before what docker left running is killed
    expect(took).toBeLessThan(25_000);
    expect(lines.some((l) => /^\[nx-buildx\] no progress for \d+ s; waiting on /.test(l))).toBe(
      true,
    );
    expect(await leftoverProcesses(`buildx build.*${context}`)).toEqual([]);
  });

  it('without a limit a silent step is reported, not stopped, and the build succeeds', async () => {
    const context = await testdir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN sleep 5 && echo ${uniqueName('silent')}\n`,
    });
    cleanup.push(() => rm(context, { recursive: true, force: true }));
    const lines: string[] = [];
    await runBuild({ context, noCache: true }, { onLine: (l) => lines.push(l), env: FAST_NOTICE });
    expect(lines.filter((l) => l.startsWith('[nx-buildx] no progress'))[0]).toMatch(
      /waiting on \[2\/2\] RUN sleep 5/,
    );
  });
});
