// The builder inspection cache against the real engine: the second build of a session
// spawns no docker process to learn what the builder can do.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaRunner } from '../process/execa-runner';
import type { ProcessRunner } from '../process/runner';
import { engineIdentity, inspectBuilderCached } from './cached';
import { inspectBuilder } from './query';

function counting(): ProcessRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: (file, args, options) => {
      calls.push([file, ...args].join(' '));
      return execaRunner.run(file, args, options);
    },
  };
}

describe('inspectBuilderCached on the real engine', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-buildx-builders-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('inspects once per engine, then answers from the state file with what docker said', async () => {
    const file = join(dir, 'builders.json');
    const env = { ...process.env, DOCKER_CONTEXT: undefined };
    const runner = counting();

    const first = await inspectBuilderCached(undefined, runner, { env, file });
    expect(runner.calls).toEqual([
      'docker buildx inspect',
      'docker info --format {{json .DriverStatus}}',
    ]);
    const second = await inspectBuilderCached(undefined, runner, { env, file });

    expect(runner.calls).toHaveLength(2);
    expect(second).toEqual(first);
    expect(first).toEqual(await inspectBuilder());
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual([
      await engineIdentity(undefined, env),
    ]);
  });

  it('another endpoint is another engine: a DOCKER_HOST that is not a unix socket is never cached', async () => {
    expect(await engineIdentity(undefined, { DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toBe(
      undefined,
    );
    const a = await engineIdentity(undefined, {});
    const b = await engineIdentity('other', {});
    expect(a).toBeDefined();
    expect(b).not.toEqual(a);
  });
});
