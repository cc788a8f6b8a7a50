import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineNotAnsweringError } from '../errors/engine';
import { EngineUnreachableError } from '../errors/errors';
import { resolveEngineEndpoint } from './endpoint';
import { probeEngine, socketTarget } from './probe';

const made: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

// Loopback unix-socket servers stand in for the two faults (not for docker): one that
// accepts and never answers, one that answers like the engine's /_ping.
async function server(answer: boolean): Promise<{ host: string; server: Server }> {
  const path = join(await tempDir('nx-buildx-probe-'), 's.sock');
  const s = createServer((socket) => {
    if (answer) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
  });
  await new Promise<void>((r) => s.listen(path, r));
  return { host: `unix://${path}`, server: s };
}

describe('probeEngine', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('fails within the timeout when the socket accepts and never answers, naming the endpoint', async () => {
    const { host, server: s } = await server(false);
    servers.push(s);
    const started = Date.now();
    const err = await probeEngine({ DOCKER_HOST: host }, 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineNotAnsweringError);
    expect((err as Error).message).toContain(
      `${host} (from DOCKER_HOST) accepted the connection but did not answer within 0.3s`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('passes when the engine answers', async () => {
    const { host, server: s } = await server(true);
    servers.push(s);
    await expect(probeEngine({ DOCKER_HOST: host }, 2_000)).resolves.toEqual({
      host,
      source: 'DOCKER_HOST',
    });
  });

  it('a missing socket is an unreachable engine, naming it', async () => {
    const err = await probeEngine({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, 500).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineUnreachableError);
    expect((err as Error).message).toMatch(
      /unix:\/\/\/nonexistent\/docker.sock \(from DOCKER_HOST\): no such socket/,
    );
  });
});

describe('resolveEngineEndpoint', () => {
  it('DOCKER_HOST wins, then DOCKER_CONTEXT, then the default socket', async () => {
    const config = await tempDir('nx-buildx-dcfg-');
    expect(
      await resolveEngineEndpoint({
        DOCKER_HOST: 'tcp://1.2.3.4:2375',
        DOCKER_CONTEXT: 'x',
        DOCKER_CONFIG: config,
      }),
    ).toEqual({ host: 'tcp://1.2.3.4:2375', source: 'DOCKER_HOST' });
    expect(await resolveEngineEndpoint({ DOCKER_CONFIG: config })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'the default socket',
    });
  });

  it('reads a named context from the docker config folder', async () => {
    const { createHash } = await import('node:crypto');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const config = await tempDir('nx-buildx-dcfg-');
    const meta = join(config, 'contexts/meta', createHash('sha256').update('remote').digest('hex'));
    await mkdir(meta, { recursive: true });
    await writeFile(
      join(meta, 'meta.json'),
      JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'unix:///r.sock' } } }),
    );
    expect(
      await resolveEngineEndpoint({ DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: config }),
    ).toEqual({ host: 'unix:///r.sock', source: 'DOCKER_CONTEXT "remote"' });
    await writeFile(join(config, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    expect(await resolveEngineEndpoint({ DOCKER_CONFIG: config })).toEqual({
      host: 'unix:///r.sock',
      source: 'docker context "remote"',
    });
  });
});

describe('socketTarget', () => {
  it.each([
    ['unix:///var/run/docker.sock', { path: '/var/run/docker.sock' }],
    ['tcp://127.0.0.1:2376', { host: '127.0.0.1', port: 2376 }],
    ['tcp://[::1]', { host: '::1', port: 2375 }],
    ['ssh://me@host', undefined],
  ])('%s', (host, target) => expect(socketTarget(host)).toEqual(target));
});
