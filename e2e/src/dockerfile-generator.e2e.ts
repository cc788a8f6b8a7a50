// The dockerfile generator as a user meets it: a TS-solution workspace (as create-nx-workspace
// makes), a Node app from `nx g @nx/node:app`, `nx g @nx-buildx/docker:dockerfile`, then `nx
// run api:docker-build` through the inferred target: the app and Nx's prune targets run
// first, the image builds from the seeded base, runs as a non-root user and answers on
// 127.0.0.1; a source-only change reuses the dependency-install layer. The same for a
// static site served by the seeded unprivileged nginx. Its own workspace: @nx/node and its
// plugins would change inference for the suites sharing the global one.
//
// .dockerignore: `nx g @nx-buildx/docker:dockerignore` writes each image's own (from the
// project graph: the project, its dependencies, root manifests and its build output).
import {
  removeContainer,
  removeImages,
  startContainer,
} from '../../packages/buildx/src/testing/container';
import { contextFiles, execaRunner } from '@nx-buildx/buildx';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { freeLoopbackPort as freePort } from '../../packages/buildx/src/testing/ports';
import { LOCAL_REGISTRY, NX_ENV, unique, workspace } from './workspace';

jest.setTimeout(600_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nxVersion = (require('../../node_modules/nx/package.json') as { version: string }).version;
const NODE_BASE = `${LOCAL_REGISTRY}/node:20-slim`;
const NGINX_BASE = `${LOCAL_REGISTRY}/nginx-unprivileged:stable`;
// BuildKit's cache is content-addressed and shared by every run on the engine: the app's
// messages carry this run's id, so an earlier run's layers cannot stand in for a step.
const run = unique('gd');
const registry = `${LOCAL_REGISTRY}/${run}`;
const apiImage = `${registry}/api:latest`;
const webImage = `${registry}/web:latest`;
const naiveApi = `${registry}/naive-api:latest`;
const naiveWeb = `${registry}/naive-web:latest`;

let ws = '';
const containers: string[] = [];
const sizes: Record<string, { contextBytes: number; contextFiles: number; imageBytes: number }> =
  {};

const sh = (cmd: string, args: string[], cwd = ws) =>
  execFileSync(cmd, args, { cwd, stdio: 'pipe', env: { ...process.env, ...NX_ENV } }).toString();

/** `npx nx …` in this suite's workspace; throws with the output when it fails. */
async function nx(args: string[]): Promise<string> {
  // `nx g` hands unknown flags to the generator as options: --output-style only for tasks.
  const style = args[0] === 'g' ? [] : ['--output-style=stream'];
  const r = await execaRunner.run('npx', ['nx', ...args, ...style], {
    cwd: ws,
    env: { ...NX_ENV },
  });
  const output = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0)
    throw new Error(`nx ${args.join(' ')} exited ${r.exitCode}:\n${output.slice(-5000)}`);
  return output;
}

async function write(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(ws, path)), { recursive: true });
    await writeFile(join(ws, path), content);
  }
}

async function get(
  url: string,
  tries = 40,
): Promise<{ status: number; body: string; type: string }> {
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return { status: r.status, body: await r.text(), type: r.headers.get('content-type') ?? '' };
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const generate = (port: number) => [
  'g',
  '@nx-buildx/docker:dockerfile',
  'api',
  `--port=${port}`,
  `--baseImage=${NODE_BASE}`,
];

const docker = async (...args: string[]) => {
  const r = await execaRunner.run('docker', args);
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** The uid the container's main process runs as. */
const uidOf = async (id: string) => (await docker('exec', id, 'id', '-u')).trim();

/** Runs the image's own HEALTHCHECK command in the container (no waiting for its interval). */
async function healthcheckPasses(id: string, image: string): Promise<boolean> {
  const test = JSON.parse(
    await docker('image', 'inspect', '-f', '{{json .Config.Healthcheck.Test}}', image),
  ) as string[];
  const argv = test[0] === 'CMD-SHELL' ? ['sh', '-c', test[1] as string] : test.slice(1);
  const r = await execaRunner.run('docker', ['exec', id, ...argv]);
  return r.exitCode === 0;
}

/**
 * Whether a step of `--progress plain` output (Nx prefixes each line with `<project>: `)
 * ran, came from cache, or is not there: `#N [stage i/n] <step>`, then `#N CACHED`.
 */
function step(output: string, re: RegExp): 'cached' | 'ran' | 'missing' {
  const lines = output.split('\n').map((l) => l.replace(/^\S+: (?=#\d)/, ''));
  const head = lines
    .map((l) => l.match(/^#(\d+) \[([^\]]+)\] (.*)$/))
    .find((m) => m && re.test(`[${m[2]}] ${m[3]}`));
  if (!head) return 'missing';
  return lines.includes(`#${head[1]} CACHED`) ? 'cached' : 'ran';
}
const INSTALL = /^\[deps \d+\/\d+\] RUN --mount=type=cache.*npm ci/;
const COPY_OUTPUT = /^\[runtime \d+\/\d+\] COPY apps\/api\/dist \.\/$/;

async function measure(label: string, image: string, dockerfile: string) {
  const files = await contextFiles(ws, { dockerfile });
  const contextBytes = files.reduce((sum, f) => sum + statSync(join(ws, f)).size, 0);
  const built = await execaRunner.run('docker', ['image', 'inspect', '-f', '{{.Size}}', image]);
  const imageBytes = built.exitCode === 0 ? Number(built.stdout.trim()) : NaN; // not built
  sizes[label] = { contextBytes, contextFiles: files.length, imageBytes };
}

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-gd-'));
  const packs = join(workspace(), '.packs');
  const tgz = (prefix: string) =>
    join(packs, readdirSync(packs).find((f) => f.startsWith(prefix)) as string);
  // A TS-solution workspace, the layout create-nx-workspace makes today.
  writeFileSync(
    join(ws, 'package.json'),
    JSON.stringify(
      {
        name: 'gd-workspace',
        private: true,
        workspaces: ['apps/*'],
        devDependencies: {
          nx: nxVersion,
          '@nx/js': nxVersion,
          '@nx/node': nxVersion,
          '@nx-buildx/buildx': `file:${tgz('nx-buildx-buildx-')}`,
          '@nx-buildx/docker': `file:${tgz('nx-buildx-docker-')}`,
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(ws, 'tsconfig.base.json'),
    JSON.stringify({
      compilerOptions: {
        composite: true,
        declaration: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        skipLibCheck: true,
        lib: ['es2022'],
      },
    }),
  );
  writeFileSync(
    join(ws, 'tsconfig.json'),
    JSON.stringify({ extends: './tsconfig.base.json', files: [], references: [] }),
  );
  // The plugin infers docker-build; images go under a registry prefix of this run only.
  writeFileSync(
    join(ws, 'nx.json'),
    JSON.stringify(
      { plugins: [{ plugin: '@nx-buildx/docker', options: { registry, cacheStrategy: 'none' } }] },
      null,
      2,
    ),
  );
  writeFileSync(join(ws, '.gitignore'), 'node_modules\ndist\n.nx\n');
  const started = Date.now();
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  sh('git', ['init', '-q']);
  sh('git', ['add', '-A']);
  sh('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'commit', '-qm', 'init']);
  console.log(
    `dockerfile e2e workspace: ${ws} (npm install ${((Date.now() - started) / 1000).toFixed(0)}s)`,
  );
});

afterAll(async () => {
  for (const id of containers) await removeContainer(id);
  await removeImages([apiImage, webImage, naiveApi, naiveWeb]);
  if (Object.keys(sizes).length)
    console.log(`context and image sizes:\n${JSON.stringify(sizes, null, 2)}`);
  if (ws && !process.env.KEEP_E2E_WS) rmSync(ws, { recursive: true, force: true });
});

describe('node-app: an @nx/node app', () => {
  let port = 0;

  it('nx g @nx/node:app, then nx g @nx-buildx/docker:dockerfile chooses node-app and says what it did', async () => {
    await nx([
      'g',
      '@nx/node:app',
      'apps/api',
      '--docker=false',
      '--linter=none',
      '--unitTestRunner=none',
      '--e2eTestRunner=none',
      '--no-interactive',
    ]);
    port = await freePort();
    await write({ 'apps/api/src/main.ts': serverSource(`one ${run}`) });
    const dry = await nx([...generate(port), '--dry-run']);
    expect(dry).toContain('CREATE apps/api/Dockerfile');
    expect(existsSync(join(ws, 'apps/api/Dockerfile'))).toBe(false);
    const out = await nx(generate(port));
    expect(out).toContain(
      'api: apps/api/Dockerfile (template node-app: build uses @nx/esbuild:esbuild',
    );
    expect(out).toMatch(
      /docker-build: inferred by the @nx-buildx\/docker plugin in nx\.json, after build, prune/,
    );
    const dockerfile = readFileSync(join(ws, 'apps/api/Dockerfile'), 'utf8');
    expect(dockerfile).toContain(
      'COPY apps/api/dist/package.json apps/api/dist/package-lock.json ./',
    );
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/root/.npm');
    // Its .dockerignore, as a user makes it next (see the header).
    expect(await nx(['g', '@nx-buildx/docker:dockerignore', '--project', 'api'])).toContain(
      'apps/api/Dockerfile.dockerignore',
    );
    expect(readFileSync(join(ws, 'apps/api/Dockerfile.dockerignore'), 'utf8')).toMatch(
      /^\*$[\s\S]*^!apps\/api$[\s\S]*^\.git$/m,
    );

    // A second run changes nothing, and an edited Dockerfile is not overwritten.
    const again = await nx(generate(port));
    expect(again).toContain('apps/api/Dockerfile: unchanged');
    expect(again).not.toMatch(/^(CREATE|UPDATE) /m);
  });

  it('nx run api:docker-build builds the app (and its pruned manifest) first; the image answers, as a non-root user', async () => {
    const out = await nx(['run', 'api:docker-build', '--progress=plain']);
    const order = [...out.matchAll(/^> nx run (api:[\w-]+)/gm)].map((m) => m[1]);
    expect(order.indexOf('api:docker-build')).toBe(order.length - 1);
    expect(order).toEqual(
      expect.arrayContaining(['api:build', 'api:prune-lockfile', 'api:copy-workspace-modules']),
    );
    expect(step(out, INSTALL)).not.toBe('missing');

    const id = await startContainer(apiImage, [], { network: 'host' });
    containers.push(id);
    const r = await get(`http://127.0.0.1:${port}/hello`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      message: `one ${run}`,
      path: '/hello',
      nodeEnv: 'production',
    });
    expect(await uidOf(id)).toBe('1000');
    expect(await docker('image', 'inspect', '-f', '{{.Config.User}}', apiImage)).toBe('node');
    expect(await healthcheckPasses(id, apiImage)).toBe(true);
    await removeContainer(id);
    containers.splice(containers.indexOf(id), 1);
    await measure(
      'api (generated Dockerfile + generated .dockerignore)',
      apiImage,
      'apps/api/Dockerfile',
    );
  });

  it('after a source-only change the dependency install is CACHED and the new code runs', async () => {
    await write({ 'apps/api/src/main.ts': serverSource(`two ${run}`) });
    const out = await nx(['run', 'api:docker-build', '--progress=plain']);
    expect(out).toMatch(/^> nx run api:build/m);
    expect(step(out, INSTALL)).toBe('cached');
    expect(step(out, COPY_OUTPUT)).toBe('ran');
    const id = await startContainer(apiImage, [], { network: 'host' });
    containers.push(id);
    expect(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body).message).toBe(`two ${run}`);
  });
});

describe('static: built files behind an unprivileged nginx', () => {
  let port = 0;

  it('generates, builds after the site build, serves index.html and an SPA route as uid 101', async () => {
    port = await freePort();
    await write({
      'apps/web/package.json': JSON.stringify({
        name: 'web',
        private: true,
        nx: {
          targets: {
            build: {
              executor: 'nx:run-commands',
              outputs: ['{workspaceRoot}/dist/apps/web'],
              options: {
                command:
                  'mkdir -p dist/apps/web/assets && cp apps/web/src/index.html dist/apps/web/ && cp apps/web/src/app.js dist/apps/web/assets/',
              },
            },
          },
        },
      }),
      'apps/web/src/index.html':
        '<!doctype html><title>web</title><div id="app">web index</div><script src="/assets/app.js"></script>\n',
      'apps/web/src/app.js': 'document.getElementById("app").textContent = location.pathname;\n',
    });
    // A plain run-commands build says nothing of what it builds: --template names it.
    const out = await nx([
      'g',
      '@nx-buildx/docker:dockerfile',
      'web',
      '--template=static',
      `--port=${port}`,
      `--baseImage=${NGINX_BASE}`,
    ]);
    expect(out).toContain('web: apps/web/Dockerfile (template static: asked with --template');
    expect(out).toContain('apps/web/nginx.conf: created');
    expect(await nx(['g', '@nx-buildx/docker:dockerignore', '--project', 'web'])).toContain(
      'apps/web/Dockerfile.dockerignore',
    );

    const build = await nx(['run', 'web:docker-build']);
    expect(build.indexOf('> nx run web:build')).toBeGreaterThan(-1);
    expect(build.indexOf('> nx run web:build')).toBeLessThan(
      build.indexOf('> nx run web:docker-build'),
    );

    const id = await startContainer(webImage, [], { network: 'host' });
    containers.push(id);
    const index = await get(`http://127.0.0.1:${port}/`);
    expect(index).toMatchObject({ status: 200, body: expect.stringContaining('web index') });
    expect(index.type).toContain('text/html');
    const route = await get(`http://127.0.0.1:${port}/orders/42`);
    expect(route).toMatchObject({ status: 200, body: expect.stringContaining('web index') });
    const asset = await get(`http://127.0.0.1:${port}/assets/app.js`);
    expect(asset.body).toContain('location.pathname');
    expect(asset.type).toContain('javascript');
    expect(await uidOf(id)).toBe('101');
    expect(await healthcheckPasses(id, webImage)).toBe(true);
    await measure(
      'web (generated Dockerfile + generated .dockerignore)',
      webImage,
      'apps/web/Dockerfile',
    );
  });
});

// For the note (docs): the generated files against a naive `COPY . .` Dockerfile with no
// .dockerignore. Its context is measured on every run; building the naive images (the whole
// workspace, node_modules included, sent and stored twice) only with NX_BUILDX_E2E_MEASURE=1.
describe('against a naive `COPY . .` Dockerfile without .dockerignore', () => {
  it('the generated files send a context hundreds of times smaller', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-gd-naive-'));
    try {
      // Outside the workspace: no <Dockerfile>.dockerignore beside it, no .dockerignore at the root.
      const naive = {
        api: `FROM ${NODE_BASE}\nWORKDIR /app\nCOPY . .\nCMD ["node", "apps/api/dist/main.js"]\n`,
        web: `FROM ${NGINX_BASE}\nCOPY . /usr/share/nginx/html\n`,
      };
      for (const [name, text] of Object.entries(naive)) {
        const file = join(dir, `${name}.Dockerfile`);
        writeFileSync(file, text);
        const image = name === 'api' ? naiveApi : naiveWeb;
        if (process.env.NX_BUILDX_E2E_MEASURE)
          await docker(
            'buildx',
            'build',
            '--progress=quiet',
            '--load',
            '-f',
            file,
            '-t',
            image,
            ws,
          );
        await measure(`${name} (naive COPY . ., no .dockerignore)`, image, file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const name of ['api', 'web']) {
      const [generated, naive] = [`${name} (generated`, `${name} (naive`].map(
        (prefix) => Object.entries(sizes).find(([k]) => k.startsWith(prefix))?.[1],
      );
      expect(generated).toBeDefined();
      expect(naive).toBeDefined();
      expect(naive!.contextBytes).toBeGreaterThan(generated!.contextBytes * 100);
      if (process.env.NX_BUILDX_E2E_MEASURE)
        expect(naive!.imageBytes).toBeGreaterThan(generated!.imageBytes);
    }
  });
});

/** The app: plain node:http (no dependency to download inside the build). */
function serverSource(message: string): string {
  return [
    "import { createServer } from 'node:http';",
    '',
    "const host = process.env.HOST ?? 'localhost';",
    'const port = process.env.PORT ? Number(process.env.PORT) : 3000;',
    '',
    'createServer((req, res) => {',
    "  res.writeHead(200, { 'content-type': 'application/json' });",
    `  res.end(JSON.stringify({ message: '${message}', path: req.url, nodeEnv: process.env.NODE_ENV }));`,
    '}).listen(port, host, () => console.log(`listening on http://${host}:${port}`));',
    '',
  ].join('\n');
}
