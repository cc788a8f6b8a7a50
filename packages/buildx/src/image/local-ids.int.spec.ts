// Nx hashes docker-build tasks before the executor runs: an engine that accepts
// connections but never answers must not hang hashing.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { execaRunner } from '../process/execa-runner';
import { localImageIds } from './local-ids';

jest.setTimeout(60_000);

describe('localImageIds against engines', () => {
  let dir: string;
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-buildx-hung-'));
    server = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((r) => server.listen(join(dir, 'hung.sock'), r));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('gives up on an engine that never answers within seconds, vouching for nothing', async () => {
    const started = Date.now();
    const ids = await localImageIds(['busybox:latest'], undefined, {
      ...process.env,
      DOCKER_HOST: `unix://${join(dir, 'hung.sock')}`,
    });
    expect(ids).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads the IDs from the real engine', async () => {
    // a fresh engine (the oldest pair's smoke run) has not pulled it yet
    expect((await execaRunner.run('docker', ['pull', '-q', '127.0.0.1:5000/busybox:latest'])).exitCode).toBe(0);
    const ids = await localImageIds(['127.0.0.1:5000/busybox:latest']);
    expect(ids).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
  });
});
