// docker-run: the inferred target builds the project's image and runs it — detached with
// ports, env, an env file and a volume (answering on 127.0.0.1), attached with Ctrl-C
// stopping and removing the container, and `--stage builder --shell` opening a shell
// in a Dockerfile stage, driven through a real terminal (tmux).
import { execaRunner } from '@nx-buildx/buildx';
import { spawn } from 'node:child_process';
import { removeImages } from '../../packages/buildx/src/testing/container';
import type { OwnWorkspace } from './own-workspace';
import { ownWorkspace } from './own-workspace';
import { freePort } from './second-engine';
import { BUSYBOX, LOCAL_REGISTRY, NX_ENV, unique } from './workspace';

jest.setTimeout(300_000);

const id = unique('run');
const image = `${LOCAL_REGISTRY}/e2e/${id}`;
let ws: OwnWorkspace;

const docker = (...args: string[]) => execaRunner.run('docker', args);
/** Names of this suite's containers, running or not. */
const containers = async () =>
  (await docker('ps', '-a', '--filter', `name=${id}`, '--format', '{{.Names}}')).stdout
    .split('\n')
    .filter(Boolean);
/** GET on loopback, retried while nx starts and builds (a loaded CI machine is slow). */
const get = async (port: number, path: string) => {
  for (let i = 0; i < 360; i++) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
    if (res?.ok) return res.text();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing answered on 127.0.0.1:${port}${path}`);
};

beforeAll(async () => {
  ws = await ownWorkspace(
    {
      plugins: [
        {
          plugin: '@nx-buildx/docker',
          options: { registry: `${LOCAL_REGISTRY}/e2e`, imageName: id, cacheStrategy: 'none' },
        },
      ],
    },
    {
      'apps/web/project.json': JSON.stringify({ name: 'web', root: 'apps/web' }),
      'apps/web/Dockerfile': [
        `FROM ${BUSYBOX} AS builder`,
        'RUN mkdir -p /www && echo "made in the builder stage" > /www/index.html',
        `FROM ${BUSYBOX}`,
        'COPY --from=builder /www /www',
        'CMD ["sh", "-c", "echo \\"$GREETING $FROM_FILE\\" > /www/env.txt && exec httpd -f -p 8080 -h /www"]',
        '',
      ].join('\n'),
      'apps/web/run.env': 'FROM_FILE=from-the-env-file\n',
      'data/note.txt': 'mounted from the workspace\n',
    },
  );
});

afterAll(async () => {
  for (const name of await containers()) await docker('rm', '--force', name);
  await removeImages([`${image}:latest`, `${image}:nx-stage-builder`]);
  await ws?.remove();
});

test('detached: builds, publishes the port, passes env, env file and a volume', async () => {
  const port = await freePort();
  const r = await ws.nxOk([
    'run',
    'web:docker-run',
    '--detach',
    `--name=${id}-detached`,
    `--ports=127.0.0.1:${port}:8080`,
    '--env.GREETING=hello',
    '--envFile=apps/web/run.env',
    `--volumes=${ws.root}/data:/www/data:ro`,
  ]);
  expect(r.output).toContain(`started ${id}-detached`);
  expect(await get(port, '/')).toBe('made in the builder stage\n');
  expect(await get(port, '/env.txt')).toBe('hello from-the-env-file\n');
  expect(await get(port, '/data/note.txt')).toBe('mounted from the workspace\n');
  await docker('stop', `${id}-detached`);
});

test('attached: Ctrl-C stops the container and leaves none behind', async () => {
  const port = await freePort();
  const child = spawn(
    'npx',
    [
      'nx',
      'run',
      'web:docker-run',
      `--name=${id}-attached`,
      `--ports=127.0.0.1:${port}:8080`,
      '--output-style=stream',
    ],
    { cwd: ws.root, detached: true, env: { ...process.env, ...NX_ENV }, stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d));
  child.stderr?.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    expect(await get(port, '/')).toBe('made in the builder stage\n');
    expect(await containers()).toContain(`${id}-attached`);
    const started = Date.now();
    process.kill(-(child.pid as number), 'SIGINT'); // the whole group, as a terminal's Ctrl-C
    expect(await exited).not.toBe(0);
    for (let i = 0; i < 40 && (await containers()).includes(`${id}-attached`); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(await containers()).not.toContain(`${id}-attached`);
    // No hang: the stop timeout (10 s) plus nx's own exit at most.
    expect(Date.now() - started).toBeLessThan(30_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\nnx output:\n${output.slice(-3000)}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null)
      process.kill(-(child.pid as number), 'SIGKILL'); // this test's own process group
  }
});

test('--stage builder --shell opens a shell in that stage, through a terminal', async () => {
  const tmux = (...args: string[]) => execaRunner.run('tmux', args);
  expect((await tmux('-V')).exitCode).toBe(0);
  const session = `${id}-shell`;
  const env = Object.entries(NX_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  await tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '160',
    '-y',
    '50',
    `cd ${ws.root} && env ${env} npx nx run web:docker-run --stage builder --shell --name=${id}-shell; echo NX-EXIT=$?; sleep 60`,
  );
  const screen = async () => (await tmux('capture-pane', '-p', '-t', session, '-S', '-200')).stdout;
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 240; i++) {
      if (re.test(await screen())) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the terminal never showed ${re}:\n${await screen()}`);
  };
  try {
    await waitFor(/^\/ #/m); // busybox sh's prompt
    await tmux('send-keys', '-t', session, 'ls /www && cat /www/index.html', 'Enter');
    await waitFor(/made in the builder stage/);
    await tmux('send-keys', '-t', session, 'exit', 'Enter');
    await waitFor(/NX-EXIT=\d+/);
    const text = await screen();
    expect(text).toMatch(/^index\.html$/m);
    expect(text).toContain('NX-EXIT=0');
  } finally {
    await tmux('kill-session', '-t', session);
  }
  expect(await containers()).not.toContain(`${id}-shell`);
});
