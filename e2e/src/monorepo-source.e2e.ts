// The plugin loaded from its TypeScript sources inside this monorepo (Nx resolves a
// local plugin's sources before its build): the main job, `nx run hello-api:docker-fresh`,
// run by Nx in the repository itself, and the image it ships answers on 127.0.0.1.
import { execaRunner } from '@nx-buildx/buildx';
import { removeContainer, startContainer } from '../../packages/buildx/src/testing/container';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

jest.setTimeout(600_000);
const repo = join(__dirname, '../..');

it('nx run hello-api:docker-fresh builds from source with nothing cached, and the service answers', async () => {
  const result = await execaRunner.run(
    'npx',
    ['nx', 'run', 'hello-api:docker-fresh', '--output-style=stream', '--skip-nx-cache'],
    {
      cwd: repo,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' },
    },
  );
  expect(result.exitCode).toBe(0);
  const meta = JSON.parse(
    await readFile(join(repo, 'dist/docker/examples/hello-api/metadata.json'), 'utf8'),
  );
  expect(meta).toMatchObject({
    image: 'hello-api',
    tags: ['hello-api:latest'],
    fresh: 'no-cache',
    steps: { cached: 0 },
  });
  expect(meta.steps.run).toBeGreaterThan(0);
  expect(`${result.stdout}\n${result.stderr}`).toContain(
    `hello-api:latest ${meta.digest.slice(0, 19)}`,
  );

  const port = 38000 + Math.floor(Math.random() * 1000);
  const id = await startContainer('hello-api:latest', [], {
    network: 'host',
    env: { PORT: String(port) },
  });
  try {
    let body: unknown;
    for (let i = 0; i < 50 && body === undefined; i++) {
      body = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.json())
        .catch(() => new Promise((r) => setTimeout(r, 200)).then(() => undefined));
    }
    expect(body).toEqual({
      status: 'ok',
      service: 'hello-api',
      version: '1.0.0',
      greeting: 'hello from hello-api',
    });
  } finally {
    await removeContainer(id);
  }
});
