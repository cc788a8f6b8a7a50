import { createHash } from 'node:crypto';
import { InvalidOptionError, parseOptions } from '@nx-buildx/buildx';
import { dockerBuildSchema } from './options';
import { imageNameOfProject } from './dockerfile-names';
import { planBuild } from './build-plan';
import { imageNameProblem, sanitizeTag, splitRef, tagProblem } from './ref';
import { interpolate } from './placeholders';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const project = { name: 'api', root: 'apps/api', workspaceRoot: '/ws', version: '1.2.3' };
const git = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  branch: 'feat/login',
  remoteUrl: 'https://git.example.com/acme/repo.git',
  commitTime: new Date('2026-11-20T08:30:00Z'),
};
const now = new Date('2026-11-27T10:00:00Z');
const plan = (options: Record<string, unknown>, env: Record<string, string> = {}) =>
  planBuild(parseOptions(dockerBuildSchema, options), project, git, env, now);

describe('planBuild', () => {
  it('defaults: project name as image, latest tag, Dockerfile in the project, workspace root as context, cache outside the workspace', () => {
    const p = plan({}, { XDG_CACHE_HOME: '/home/u/.xdg' });
    expect(p.image).toBe('api');
    expect(p.tags).toEqual(['api:latest']);
    expect(p.cwd).toBe('/ws');
    expect(p.metadataFile).toBe('/ws/dist/docker/apps/api/metadata.json');
    expect(p.input.build).toMatchObject({
      context: '.',
      file: 'apps/api/Dockerfile',
      load: true,
      push: false,
      progress: 'auto',
    });
    expect(p.input.cache).toMatchObject({
      strategy: 'auto',
      scope: 'api',
      imageRef: 'api:latest',
      imageName: 'api',
      localDir: `/home/u/.xdg/nx-buildx/ws-${sha256('/ws').slice(0, 8)}/api`,
    });
  });

  it('fills tag placeholders and prefixes the registry', () => {
    const p = plan({
      registry: '127.0.0.1:5000/team/',
      tags: ['{shortSha}', '{branch}', 'v{version}', '{date}', '{projectName}-{sha}'],
    });
    expect(p.tags).toEqual([
      '127.0.0.1:5000/team/api:0123456',
      '127.0.0.1:5000/team/api:feat-login',
      '127.0.0.1:5000/team/api:v1.2.3',
      '127.0.0.1:5000/team/api:20261127',
      `127.0.0.1:5000/team/api:api-${git.sha}`,
    ]);
  });

  it('fills metadata-action style tags from CI facts, leaving out those the build has not', () => {
    const tags = ['{ref}', 'pr-{pr}', '{major}.{minor}', '{tag}', 'sha-{shortSha}'];
    const onTag = { sha: git.sha, tag: 'v2.5.1', ci: 'github' };
    expect(
      planBuild(parseOptions(dockerBuildSchema, { tags }), project, onTag, {}, now).tags,
    ).toEqual(['api:v2.5.1', 'api:2.5', 'api:sha-0123456']);
    const onPr = { sha: git.sha, branch: 'feat/login', pr: '42', ci: 'gitlab' };
    expect(
      planBuild(parseOptions(dockerBuildSchema, { tags }), project, onPr, {}, now).tags,
    ).toEqual(['api:feat-login', 'api:pr-42', 'api:1.2', 'api:sha-0123456']);
  });

  it('tags once when two entries give the same tag', () => {
    expect(plan({ tags: ['{ref}', '{branch}', 'feat-login'] }).tags).toEqual(['api:feat-login']);
  });

  it('adds latest under latest: auto only on the default branch', () => {
    const o = parseOptions(dockerBuildSchema, { tags: ['{shortSha}'], latest: 'auto' });
    const on = (g: object, defaultBase?: string) =>
      planBuild(o, { ...project, defaultBase }, { sha: git.sha, ...g }, {}, now).tags;
    expect(on({ branch: 'main' })).toEqual(['api:0123456', 'api:latest']);
    expect(on({ branch: 'master' }, 'master')).toEqual(['api:0123456', 'api:latest']);
    expect(on({ branch: 'feat/login' })).toEqual(['api:0123456']);
  });

  it('says so when no tag applies to this build', () => {
    expect(() => plan({ tags: ['pr-{pr}'] })).toThrow(
      /tags: no tag applies to this build: each of \["pr-\{pr\}"\]/,
    );
  });

  it('keeps full references in tags as they are', () => {
    expect(plan({ tags: ['other/name:1', 'reg:5000/x:{shortSha}'] }).tags).toEqual([
      'other/name:1',
      'reg:5000/x:0123456',
    ]);
  });

  it('adds OCI labels, which user labels override', () => {
    expect(
      plan({ labels: { 'org.opencontainers.image.title': 'custom' } }).input.build.labels,
    ).toEqual({
      'org.opencontainers.image.title': 'custom',
      'org.opencontainers.image.created': '2026-11-20T08:30:00.000Z',
      'org.opencontainers.image.source': 'https://git.example.com/acme/repo',
      'org.opencontainers.image.revision': git.sha,
      'org.opencontainers.image.version': '1.2.3',
    });
    expect(plan({ ociLabels: false }).input.build.labels).toEqual({});
  });

  it('dates the image from SOURCE_DATE_EPOCH, else the commit, never the clock', () => {
    const created = (env: Record<string, string>, g: object = git) =>
      planBuild(parseOptions(dockerBuildSchema, {}), project, g, env, now).input.build.labels?.[
        'org.opencontainers.image.created'
      ];
    expect(created({})).toBe('2026-11-20T08:30:00.000Z');
    expect(created({ SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20.000Z');
    expect(created({ SOURCE_DATE_EPOCH: '' })).toBe('2026-11-20T08:30:00.000Z');
    expect(created({}, { sha: git.sha })).toBeUndefined();
    expect(() => created({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      /SOURCE_DATE_EPOCH: "yesterday" is not a Unix time in seconds/,
    );
  });

  it('turns provenance off for an image only loaded into the engine, unless it is set', () => {
    expect(plan({}).input.build.provenance).toBe(false);
    expect(plan({ provenance: 'mode=max' }).input.build.provenance).toBe('mode=max');
    expect(plan({ push: true }).input.build).not.toHaveProperty('provenance');
    expect(plan({ outputs: ['type=tar,dest=x.tar'] }).input.build).not.toHaveProperty('provenance');
  });

  it('never puts credentials of the remote URL in the source label', () => {
    const withToken = {
      ...git,
      remoteUrl: 'https://gitlab-ci-token:glcbt-s3cr3t@git.example.com/acme/repo.git',
    };
    const labels = planBuild(
      dockerBuildSchema.parse({}),
      project,
      withToken,
      {},
      new Date('2026-11-27T10:00:00Z'),
    ).input.build.labels as Record<string, string>;
    expect(labels['org.opencontainers.image.source']).toBe('https://git.example.com/acme/repo');
    expect(JSON.stringify(labels)).not.toContain('s3cr3t');
  });

  it('does not load when pushing or building several platforms, and uses plain progress on CI', () => {
    expect(plan({ push: true }).input.build.load).toBe(false);
    expect(plan({ platforms: ['linux/amd64', 'linux/arm64'] }).input.build.load).toBe(false);
    expect(plan({ load: true, platforms: ['linux/amd64', 'linux/arm64'] }).input.build.load).toBe(
      true,
    );
    expect(plan({}, { CI: 'true' }).input.build.progress).toBe('plain');
  });

  it.each([
    [{ imageName: 'My App' }, /imageName: "My App" is not a valid image name/],
    [{ tags: ['bad tag'] }, /tags.0: "bad tag" is not a valid tag/],
    [{ tags: ['{nope}'] }, /tags.0: unknown placeholder \{nope\}/],
    [{ tags: [] }, /tags: at least one tag/],
  ])('rejects %j naming the option', (options, message) => {
    expect(() => plan(options)).toThrow(InvalidOptionError);
    expect(() => plan(options)).toThrow(message);
  });

  it('says why a placeholder has no value', () => {
    const p = () =>
      planBuild(
        parseOptions(dockerBuildSchema, { tags: ['{sha}', '{version}'] }),
        { ...project, version: undefined },
        {},
        {},
        now,
      );
    expect(p).toThrow(/tags.0: \{sha\} in "\{sha\}" has no value here: this is not a git checkout/);
    expect(p).toThrow(/tags.1: \{version\} .* package.json has no version/);
  });

  it.each([
    [{ tags: ['{nope}'] }, 'tags.0'],
    [{ tags: ['v-{sha}'] }, 'tags.0'],
    [{ imageName: '{nope}/app' }, 'imageName'],
  ])(
    'reports a placeholder problem in %j once, not again as a bad name or tag',
    (options, path) => {
      let problems: readonly { path: string }[] = [];
      try {
        planBuild(parseOptions(dockerBuildSchema, options), project, {}, {}, now);
      } catch (err) {
        problems = (err as InvalidOptionError).problems;
      }
      expect(problems.map((p) => p.path)).toEqual([path]);
    },
  );

  it('passes buildx options through as validated: cache entries stay typed, plugin options stay behind', () => {
    const p = plan({
      cacheFrom: ['reg/app:cache', 'type=gha,scope=x'],
      cacheTo: ['type=local,dest=/c,mode=max'],
      shmSize: '2g',
      secrets: [{ id: 'npm', env: 'NPM_TOKEN' }],
      metadataFile: 'out/report.json',
      cacheStrategy: 'none',
      imageName: 'svc',
    });
    expect(p.input.build.cacheFrom).toEqual([
      { type: 'registry', attrs: { ref: 'reg/app:cache' } },
      { type: 'gha', attrs: { scope: 'x' } },
    ]);
    expect(p.input.build.cacheTo).toEqual([{ type: 'local', attrs: { dest: '/c', mode: 'max' } }]);
    expect(p.input.build).toMatchObject({
      shmSize: '2g',
      secrets: [{ id: 'npm', env: 'NPM_TOKEN' }],
    });
    // The plugin's report path is not buildx's --metadata-file; plugin options never reach buildx.
    expect(p.metadataFile).toBe('/ws/out/report.json');
    for (const key of ['metadataFile', 'cacheStrategy', 'imageName', 'ociLabels', 'registry'])
      expect(p.input.build).not.toHaveProperty(key);
  });

  it('reads a cache entry once, when the options are validated, naming the entry', () => {
    expect(() => parseOptions(dockerBuildSchema, { cacheTo: ['type=local'] })).toThrow(
      /cacheTo\.0: type=local needs dest=…/,
    );
  });

  it('refuses outputs with load or push while validating, before planning', () => {
    expect(() =>
      parseOptions(dockerBuildSchema, { outputs: ['type=tar,dest=x.tar'], push: true }),
    ).toThrow(/outputs: outputs cannot be combined with load or push/);
  });

  it('makes scoped and capitalised project names valid image names', () => {
    expect(imageNameOfProject('@Acme/API')).toBe('acme/api');
  });

  it('makes accents, spaces and other characters of project names valid image names', () => {
    expect(imageNameOfProject('Web-Café')).toBe('web-cafe');
    expect(imageNameOfProject('my app!')).toBe('my-app');
    expect(imageNameOfProject('@team/_x.y')).toBe('team/x.y');
  });
});

describe('image references', () => {
  it.each([
    ['app', undefined],
    ['127.0.0.1:5000/team/app', undefined],
    ['ghcr.io/acme/my_app-2', undefined],
    ['App', 'not a valid image name'],
    ['app/', 'not a valid image name'],
    ['', 'must not be empty'],
  ])('imageNameProblem(%j)', (name, problem) => {
    const found = imageNameProblem(name);
    if (problem) expect(found).toContain(problem);
    else expect(found).toBeUndefined();
  });

  it.each([
    ['latest', true],
    ['v1.2.3', true],
    ['.hidden', false],
    ['a'.repeat(129), false],
  ])('tag %j valid: %s', (tag, ok) => expect(tagProblem(tag) === undefined).toBe(ok));

  it('splits refs without mistaking a port for a tag', () => {
    expect(splitRef('reg:5000/app:1')).toEqual({ name: 'reg:5000/app', tag: '1' });
    expect(splitRef('reg:5000/app')).toEqual({ name: 'reg:5000/app' });
  });

  it('sanitises branch names into tags', () => {
    expect(sanitizeTag('feat/Login#2')).toBe('feat-Login-2');
    expect(sanitizeTag('--x')).toBe('x');
  });

  it('interpolates only known placeholders', () => {
    expect(interpolate('{projectName}', { projectName: 'p', date: now })).toBe('p');
    expect(() => interpolate('{commit}', { projectName: 'p', date: now })).toThrow(
      /unknown placeholder \{commit\}/,
    );
  });
});

describe('string maps from the command line', () => {
  it('takes numbers and booleans (how Nx reads --buildArgs.X=12) as their text', () => {
    const o = parseOptions(dockerBuildSchema, {
      buildArgs: { X: 12, Y: true },
      labels: { n: 1.5 },
    });
    expect(o.buildArgs).toEqual({ X: '12', Y: 'true' });
    expect(o.labels).toEqual({ n: '1.5' });
  });

  it('still refuses objects as values', () => {
    expect(() => parseOptions(dockerBuildSchema, { buildArgs: { X: { a: 1 } } })).toThrow(
      /buildArgs\.X/,
    );
  });
});
