// tools/docker-engine/ensure, the engine bootstrap every developer and CI run uses:
// idempotent when everything is up, and a clear refusal where it cannot provision.
import { execaRunner } from '@nx-buildx/buildx';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesMatching } from '../../packages/buildx/src/testing/processes';

jest.setTimeout(300_000);
const ensure = join(__dirname, '../../tools/docker-engine/ensure');

it('a second ensure finds everything up, changes nothing and leaves one engine', async () => {
  await execaRunner.run(ensure, []);
  const second = await execaRunner.run(ensure, []);
  expect(second.exitCode).toBe(0);
  expect(second.stderr).toMatch(/engine: already running and usable/);
  expect(second.stderr).toMatch(/registry: already answering on 127\.0\.0\.1:5000/);
  expect(second.stderr).toMatch(/ready: nothing to do/);
  // ensure starts dockerd by its full path (the newest pair's own folder)
  expect((await processesMatching('dockerd .*--pidfile /var/run/docker.pid')).length).toBe(1);
});

it('with DOCKER_HOST pointing nowhere it refuses clearly instead of starting another engine', async () => {
  const state = await mkdtemp(join(tmpdir(), 'nxbe-state-'));
  try {
    const result = await execaRunner.run(ensure, [], {
      env: { DOCKER_HOST: 'unix:///tmp/nx-buildx-nowhere.sock', NX_BUILDX_ENGINE_DIR: state },
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(
      /DOCKER_HOST=unix:\/\/\/tmp\/nx-buildx-nowhere\.sock does not answer/,
    );
    expect(result.stderr).toMatch(
      /fix: start the engine DOCKER_HOST points at, or unset DOCKER_HOST/,
    );
  } finally {
    await rm(state, { recursive: true, force: true });
  }
});

it('as a user who cannot provision (not root) it says what is missing and how to get it', async () => {
  const state = await mkdtemp(join(tmpdir(), 'nxbe-state-'));
  try {
    await execaRunner.run('chmod', ['777', state]);
    const result = await execaRunner.run(
      'su',
      [
        'nobody',
        '-s',
        '/bin/bash',
        '-c',
        `DOCKER_HOST=unix:///var/run/docker.sock NX_BUILDX_ENGINE_DIR=${state} ${ensure}`,
      ],
      {
        env: { DOCKER_HOST: undefined },
      },
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/no usable Docker Engine is reachable and this needs root/);
    expect(result.stderr).toMatch(
      /fix: start a Docker Engine with buildx .* or run it as root on Debian/,
    );
  } finally {
    await rm(state, { recursive: true, force: true });
  }
});
