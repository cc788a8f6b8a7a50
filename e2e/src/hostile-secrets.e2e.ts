// Hostile inputs, credentials and secrets (issue 7): no credential in an image label, a
// log line, a failure message, --verbose output or dist/docker/bake.json; a secret with no
// value is refused before anything is built; a printed command is one a user can paste.
import { execaRunner } from '@nx-buildx/buildx';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { halfWrittenUnder, leftoverBuilds, treeSnapshot } from './hostile';
import { addProject, BUSYBOX, nx, unique, workspace } from './workspace';

jest.setTimeout(600_000);

const docker = (...args: string[]) => execaRunner.run('docker', args);
const git = (...args: string[]) => execaRunner.run('git', args, { cwd: workspace() });
const setOrigin = async (url: string | undefined) => {
  await git('remote', 'remove', 'origin');
  if (url) await git('remote', 'add', 'origin', url);
};
/** Images the cases may have built, removed even when a case fails halfway. */
const images: string[] = [];
afterAll(async () => {
  await setOrigin(undefined); // other suites share the workspace
  if (images.length) await docker('image', 'rm', '--force', ...images);
});
/** nx's output as a user reads it: no colours, no `project: ` prefix on each line. */
const plain = (output: string, project: string) =>
  stripVTControlCharacters(output).replace(new RegExp(`^\\s*${project}: `, 'gm'), '');

const SOURCE = 'org.opencontainers.image.source';
/** The values no output, label or file may ever show. */
const PASSWORD = 's3cr3t-PW-9f2';
const TOKEN = 'glcbt-64_T0KEN-77aa';
const ARG_VALUE = 'npm_ARGVALUE-5150';
const NPMRC_TOKEN = 'npm_E2eNpmrcT0kenValue000000000000000000';

const tokenDockerfile = `FROM ${BUSYBOX}\nARG NPM_TOKEN\nRUN echo "tok=[$NPM_TOKEN]" > /tok\n`;
const okDockerfile = `FROM ${BUSYBOX}\nRUN echo ok > /ok\n`;
const failingDockerfile = `FROM ${BUSYBOX}\nRUN echo about to fail && false\n`;

interface Case {
  name: string;
  origin?: string;
  executor?: 'docker-build' | 'docker-bake';
  options?: Record<string, unknown>;
  dockerfile?: string;
  args?: string[];
  /** More files of the project, beside its Dockerfile. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  exit: 0 | 1;
  /** The one message the user sees (matched once in the output). */
  message: RegExp;
  /** The image label `org.opencontainers.image.source`, read back from the engine. */
  label?: string;
}

const cases: Case[] = [
  {
    name: 'origin with user:password: the label is the web URL, nothing leaks into --verbose',
    origin: `https://deploy:${PASSWORD}@git.example.com/acme/app.git`,
    args: ['--verbose'],
    exit: 0,
    message:
      /\$ docker buildx build .*--label org\.opencontainers\.image\.source=https:\/\/git\.example\.com\/acme\/app /,
    label: 'https://git.example.com/acme/app',
  },
  {
    name: 'origin with a token only (https://TOKEN@github.com/...)',
    origin: `https://${TOKEN}@github.com/acme/app.git`,
    args: ['--verbose'],
    exit: 0,
    message: /source=https:\/\/github\.com\/acme\/app /,
    label: 'https://github.com/acme/app',
  },
  {
    name: 'scp-style origin becomes an https web URL',
    origin: 'git@github.com:acme/app.git',
    exit: 0,
    message: /Successfully ran target docker-build/,
    label: 'https://github.com/acme/app',
  },
  {
    name: 'GitLab CI origin (gitlab-ci-token:TOKEN) on a self-hosted host with a port',
    origin: `https://gitlab-ci-token:${TOKEN}@gitlab.example.com:8443/group/sub/app.git`,
    args: ['--verbose'],
    exit: 0,
    message: /source=https:\/\/gitlab\.example\.com:8443\/group\/sub\/app /,
    label: 'https://gitlab.example.com:8443/group/sub/app',
  },
  {
    name: 'ssh:// origin with an ssh port: https web URL without the ssh port',
    origin: 'ssh://git@gitlab.example.com:2222/acme/app.git',
    exit: 0,
    message: /Successfully ran target docker-build/,
    label: 'https://gitlab.example.com/acme/app',
  },
  {
    name: 'a failed build: the Command: line shows neither the password nor the build arg value',
    origin: `https://deploy:${PASSWORD}@git.example.com/acme/app.git`,
    dockerfile: failingDockerfile,
    options: { buildArgs: { NPM_TOKEN: ARG_VALUE } },
    exit: 1,
    message: /\nCommand: docker buildx build .*--build-arg NPM_TOKEN --/,
  },
  {
    name: 'a secret-like build arg is warned about once, with the secrets option that replaces it',
    dockerfile: tokenDockerfile,
    options: { buildArgs: { NPM_TOKEN: ARG_VALUE, KEYBOARD_LAYOUT: 'de' } },
    args: ['--verbose'],
    exit: 0,
    message:
      /build arg NPM_TOKEN of this build looks like a secret: .*docker history --no-trunc.*\n {2}"secrets": \[\{ "id": "npm_token", "env": "NPM_TOKEN" \}\]\n.*\n {2}RUN --mount=type=secret,id=npm_token NPM_TOKEN="\$\(cat \/run\/secrets\/npm_token\)" <command>/,
  },
  {
    name: '--verbose says which values it redacted',
    dockerfile: tokenDockerfile,
    options: { buildArgs: { NPM_TOKEN: ARG_VALUE } },
    args: ['--verbose'],
    exit: 0,
    message:
      /\n# redacted: the value of build arg NPM_TOKEN \(docker reads it from \$NPM_TOKEN when pasted\)/,
  },
  {
    name: 'secrets env variable unset: refused before building, naming the secret and the variable',
    options: { secrets: [{ id: 'npm_token', env: 'NX_BUILDX_E2E_UNSET_TOKEN' }] },
    exit: 1,
    message:
      /secrets\.0\.env: the environment variable NX_BUILDX_E2E_UNSET_TOKEN for secret "npm_token" is not set, .*export NX_BUILDX_E2E_UNSET_TOKEN=/,
  },
  {
    name: 'secrets env variable empty: refused before building',
    options: { secrets: [{ id: 'npm_token', env: 'NX_BUILDX_E2E_EMPTY_TOKEN' }] },
    env: { NX_BUILDX_E2E_EMPTY_TOKEN: '' },
    exit: 1,
    message:
      /secrets\.0\.env: the environment variable NX_BUILDX_E2E_EMPTY_TOKEN for secret "npm_token" is empty/,
  },
  {
    name: 'secrets src file missing: named once with the option and the path',
    options: { secrets: [{ id: 'npmrc', src: 'no/such/npmrc' }] },
    exit: 1,
    message: /secrets\.0\.src: no file at \/\S+\/no\/such\/npmrc for secret "npmrc"\. Create it/,
  },
  {
    name: 'docker-bake fromGraph: origin password and build arg value stay out of bake.json, the image gets the value',
    executor: 'docker-bake',
    origin: `https://deploy:${PASSWORD}@git.example.com/acme/app.git`,
    dockerfile: tokenDockerfile,
    options: { buildArgs: { NPM_TOKEN: ARG_VALUE } },
    args: ['--verbose'],
    exit: 0,
    message: /build arg NPM_TOKEN of \S+ looks like a secret/,
    label: 'https://git.example.com/acme/app',
  },
  {
    name: 'an .npmrc passed as the Dockerfile: its token is never printed, and its name is warned about',
    files: { '.npmrc': `//registry.npmjs.org/:_authToken=${NPMRC_TOKEN}\n` },
    args: ['--file={root}/.npmrc'],
    exit: 1,
    message: /the Dockerfile apps\/\S+\/\.npmrc \(file\) is named like a credentials file/,
  },
  {
    name: 'docker-bake fromGraph with an unset secret variable: refused before bake.json is written',
    executor: 'docker-bake',
    options: { secrets: [{ id: 'npm_token', env: 'NX_BUILDX_E2E_UNSET_TOKEN' }] },
    exit: 1,
    message:
      /Invalid secrets of \S+:\n\s+- secrets\.0\.env: the environment variable NX_BUILDX_E2E_UNSET_TOKEN for secret "npm_token" is not set/,
  },
];

describe('credentials and secrets never leak; secrets without a value are refused', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const name = unique('sec');
    const image = `${name}:latest`;
    images.push(image);
    const root = `apps/${name}`;
    const bakeFile = `dist/docker/${name}-bake.json`;
    const targets: Record<string, unknown> = {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: { cacheStrategy: 'none', ...c.options },
      },
    };
    if (c.executor === 'docker-bake')
      targets['bake'] = {
        executor: '@nx-buildx/docker:docker-bake',
        options: { fromGraph: true, projects: [name], bakeFile },
      };
    await addProject(root, targets, { Dockerfile: c.dockerfile ?? okDockerfile, ...c.files });
    await setOrigin(c.origin);
    const target = c.executor === 'docker-bake' ? 'bake' : 'docker-build';

    const untouched = () =>
      Promise.all(['dist', 'node_modules/.cache'].map((d) => treeSnapshot(join(workspace(), d))));
    const before = await untouched();
    const args = (c.args ?? []).map((a) => a.replace('{root}', root));
    const result = await nx(['run', `${name}:${target}`, ...args], c.env);
    const out = plain(result.output, name);

    expect({ exit: result.exitCode === 0 ? 0 : 1, out: out.slice(-3000) }).toMatchObject({
      exit: c.exit,
    });
    expect(out).toMatch(c.message);
    expect(out.match(new RegExp(c.message.source, 'g'))).toHaveLength(1); // reported once
    for (const secret of [PASSWORD, TOKEN, ARG_VALUE, NPMRC_TOKEN])
      expect(out).not.toContain(secret);

    const inspect = await docker('image', 'inspect', '--format', '{{json .Config.Labels}}', image);
    const metadata = join(workspace(), 'dist/docker', root, 'metadata.json');
    if (c.exit === 0) {
      expect(inspect.exitCode).toBe(0);
      const labels = JSON.parse(inspect.stdout) as Record<string, string>;
      if (c.label) expect(labels[SOURCE]).toBe(c.label);
      for (const secret of [PASSWORD, TOKEN, ARG_VALUE])
        expect(inspect.stdout).not.toContain(secret);
      expect(existsSync(metadata)).toBe(true);
      expect(readFileSync(metadata, 'utf8')).not.toMatch(/s3cr3t|T0KEN|ARGVALUE/);
    } else {
      expect(inspect.exitCode).not.toBe(0); // nothing built
      expect(existsSync(metadata)).toBe(false);
      expect(await untouched()).toEqual(before); // no file written, no cache touched
    }
    if (c.executor === 'docker-bake') {
      const bakePath = join(workspace(), bakeFile);
      if (c.exit === 0) {
        const bake = readFileSync(bakePath, 'utf8');
        for (const secret of [PASSWORD, TOKEN, ARG_VALUE]) expect(bake).not.toContain(secret);
        expect(bake).toContain('"NPM_TOKEN": "${NX_BUILDX_ARG_');
        // bake still handed the value to the build, from its environment.
        const tok = await docker('run', '--rm', image, 'cat', '/tok');
        expect(tok.stdout.trim()).toBe(`tok=[${ARG_VALUE}]`);
      } else {
        expect(existsSync(bakePath)).toBe(false);
      }
    }
    expect(await halfWrittenUnder(workspace())).toEqual([]);
    expect(await leftoverBuilds(name)).toEqual([]);
    await docker('image', 'rm', '--force', image);
  });

  it('the --verbose command pastes into bash as the same argv, and builds with the redacted value from the environment', async () => {
    const name = unique('paste');
    images.push(`${name}:latest`);
    const root = `apps/${name}`;
    const note = `it's a "quoted" $HOME \`x\` label`;
    await addProject(
      root,
      {
        'docker-build': {
          executor: '@nx-buildx/docker:docker-build',
          options: {
            cacheStrategy: 'none',
            buildArgs: { NPM_TOKEN: ARG_VALUE, GREETING: 'a b;c' },
            labels: { note },
          },
        },
      },
      { Dockerfile: tokenDockerfile },
    );
    await setOrigin(`https://deploy:${PASSWORD}@git.example.com/acme/app.git`);
    const run = await nx(['run', `${name}:docker-build`, '--verbose'], { NPM_TOKEN: '' });
    expect(run.exitCode).toBe(0);
    const line = plain(run.output, name)
      .split('\n')
      .find((l) => /\$ docker buildx build /.test(l)) as string;
    const command = line.slice(line.indexOf('$ ') + 2);
    expect(command).not.toContain(ARG_VALUE);
    expect(command).not.toContain(PASSWORD);

    // bash splits the printed command into exactly the words the plugin passed.
    const words = await execaRunner.run('bash', [
      '-c',
      `f() { printf '%s\\0' "$@"; }; f ${command}`,
    ]);
    const argv = words.stdout.split('\0').filter((w, i, all) => i < all.length - 1 || w);
    expect(argv.slice(0, 3)).toEqual(['docker', 'buildx', 'build']);
    expect(argv).toContain(`note=${note}`);
    expect(argv).toContain('GREETING=a b;c');
    expect(argv).toContain('NPM_TOKEN'); // value-less: docker reads $NPM_TOKEN
    expect(argv).toContain(`${SOURCE}=https://git.example.com/acme/app`);

    // Pasted with NPM_TOKEN set, the command builds the same image with the real value.
    await docker('image', 'rm', '--force', `${name}:latest`);
    const metadataFile = argv[argv.indexOf('--metadata-file') + 1] as string;
    await mkdir(dirname(metadataFile), { recursive: true }); // the plugin's temp dir is gone
    const pasted = await execaRunner.run('bash', ['-c', command], {
      cwd: workspace(),
      env: { NPM_TOKEN: ARG_VALUE },
    });
    expect(pasted.exitCode).toBe(0);
    const tok = await docker('run', '--rm', `${name}:latest`, 'cat', '/tok');
    expect(tok.stdout.trim()).toBe(`tok=[${ARG_VALUE}]`);
    await docker('image', 'rm', '--force', `${name}:latest`);
    await execaRunner.run('rm', ['-rf', dirname(metadataFile)]);
  });
});

describe('user bake files: secret-like args never printed', () => {
  const bakeProject = async (id: string, options: Record<string, unknown>) =>
    addProject(
      `tools/${id}`,
      { bake: { executor: '@nx-buildx/docker:docker-bake', options } },
      {
        'docker-bake.hcl': [
          'target "app" {',
          `  context    = "tools/${id}"`,
          `  tags       = ["${id}:latest"]`,
          `  args       = { NPM_TOKEN = "${ARG_VALUE}", GREETING = "hi" }`,
          '}',
          '',
        ].join('\n'),
        Dockerfile: tokenDockerfile,
      },
    );

  test.each([
    [
      'print shows a secret-like arg as *** and builds nothing',
      { print: true },
      /"NPM_TOKEN": "\*\*\*",\n\s+"GREETING": "hi"|"GREETING": "hi",\n\s+"NPM_TOKEN": "\*\*\*"/,
      false,
    ],
    [
      '--set of a secret-like arg: *** in --verbose, masked in BuildKit progress, and the image gets the value',
      { set: [`app.args.NPM_TOKEN=${PASSWORD}`], load: true },
      /\$ docker buildx bake .*--set 'app\.args\.NPM_TOKEN=\*\*\*'/,
      true,
    ],
  ] as const)('%s', async (_name, options, message, built) => {
    const id = unique('ubk');
    images.push(`${id}:latest`);
    await bakeProject(id, { files: [`tools/${id}/docker-bake.hcl`], targets: ['app'], ...options });
    const run = await nx(['run', `${id}:bake`, '--verbose']);
    const out = plain(run.output, id);
    expect(run.exitCode).toBe(0);
    expect(out).toMatch(message);
    expect(out.match(new RegExp(message.source, 'g'))).toHaveLength(1);
    for (const secret of [PASSWORD, ARG_VALUE]) expect(out).not.toContain(secret);
    const tok = built ? await docker('run', '--rm', `${id}:latest`, 'cat', '/tok') : undefined;
    if (built) expect(tok?.stdout.trim()).toBe(`tok=[${PASSWORD}]`);
    else
      expect(
        (await docker('image', 'inspect', '--format', '{{.Id}}', `${id}:latest`)).exitCode,
      ).not.toBe(0);
    expect(await halfWrittenUnder(workspace())).toEqual([]);
    await docker('image', 'rm', '--force', `${id}:latest`);
  });
});
