// docker-bake fromGraph on bakeImages: the local caches of the images of a bake run are
// swapped in only when the whole run succeeds; a failing target is named, leaves every
// cache, report and tag of its run as it was (an earlier run, of the images it builds on,
// stays built); an unusable cache directory is refused before bake.json
// is written.
import { runImage } from '../../packages/buildx/src/testing/container';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { halfWrittenUnder, imageIdOf, leftoverBuilds, treeSnapshot } from './hostile';
import {
  addProject,
  BUSYBOX,
  LOCAL_REGISTRY,
  nx,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(600_000);

const cacheRoot = mkdtempSync(join(tmpdir(), 'nx-buildx-bake-images-'));
const env = { NX_BUILDX_CACHE_DIR: cacheRoot };
afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));

const registry = `${LOCAL_REGISTRY}/e2e`;
const build = (options: Record<string, unknown> = {}) => ({
  'docker-build': {
    executor: '@nx-buildx/docker:docker-build',
    options: { registry, cacheStrategy: 'local', tags: ['1'], ...options },
  },
});

async function bakeWorkspace(id: string, buildOptions: Record<string, unknown> = {}) {
  await addProject(`libs/${id}-base`, build(), {
    Dockerfile: `FROM ${BUSYBOX}\nRUN echo "base ${id}" > /base.txt\n`,
  });
  await addProject(`apps/${id}-app`, build(buildOptions), {
    Dockerfile: `FROM ${registry}/${id}-base:1\nRUN echo "app ${id}" >> /base.txt\nCMD ["cat", "/base.txt"]\n`,
  });
  await bakeProject(id, [`${id}-app`]);
}

function bakeProject(id: string, projects: string[]) {
  return addProject(`tools/${id}-bake`, {
    bake: {
      executor: '@nx-buildx/docker:docker-bake',
      options: { fromGraph: true, projects, bakeFile: `dist/docker/${id}-bake.json` },
    },
  });
}

it('swaps in both caches after success; a failing run is named and leaves its caches and reports as they were, the run before it stays built', async () => {
  const id = unique('bi');
  await bakeWorkspace(id);
  const first = await nx(['run', `${id}-bake:bake`], env);
  expect({ exit: first.exitCode, out: first.output.slice(-2000) }).toMatchObject({ exit: 0 });
  expect((await runImage(`${registry}/${id}-app:1`)).trim()).toBe(`base ${id}\napp ${id}`);
  const reportOf = (dir: string, name: string) =>
    join(workspace(), 'dist/docker', dir, `${id}-${name}`, 'metadata.json');
  const [baseReport, appReport] = [reportOf('libs', 'base'), reportOf('apps', 'app')];
  for (const r of [baseReport, appReport])
    expect(JSON.parse(readFileSync(r, 'utf8'))).toMatchObject({ cacheStrategy: 'local' });
  const cacheOf = (tree: Record<string, string>, name: string) =>
    Object.fromEntries(Object.entries(tree).filter(([p]) => p.includes(`/${id}-${name}/`)));
  const caches = await treeSnapshot(cacheRoot);
  const indexes = Object.keys(caches).filter((p) => p.endsWith('/index.json'));
  expect(indexes.map((p) => p.split('/').slice(-2)[0]).sort()).toEqual([`${id}-app`, `${id}-base`]);
  const baseBefore = readFileSync(baseReport, 'utf8');
  const appBefore = readFileSync(appReport, 'utf8');
  const appImage = await imageIdOf(`${registry}/${id}-app:1`);

  // The base changes (a new cache to export); on top of it, in the second run, the app
  // fails and a new image baked beside it is stopped.
  await writeFiles({
    [`libs/${id}-base/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo "base ${id} v2" > /base.txt\n`,
    [`apps/${id}-app/Dockerfile`]: `FROM ${registry}/${id}-base:1\nRUN echo "app broke" && exit 7\n`,
  });
  await addProject(`apps/${id}-side`, build(), {
    Dockerfile: `FROM ${registry}/${id}-base:1\nRUN echo "side ${id}" >> /base.txt\n`,
  });
  await bakeProject(id, [`${id}-app`, `${id}-side`]);
  const failed = await nx(['run', `${id}-bake:bake`], env);
  expect(failed.exitCode).not.toBe(0);
  const named = new RegExp(`bake target "${id}-app" failed; not built because of it: ${id}-side`);
  expect(failed.output).toMatch(named);
  expect(failed.output.match(new RegExp(named.source, 'g'))).toHaveLength(1); // reported once
  expect(failed.output).toMatch(/exit code: 7/);
  // The base's run succeeded: its image, cache and report are the new ones.
  const after = await treeSnapshot(cacheRoot);
  expect(cacheOf(after, 'base')).not.toEqual(cacheOf(caches, 'base'));
  const baseNow = JSON.parse(readFileSync(baseReport, 'utf8'));
  expect(baseNow.digest).not.toBe(JSON.parse(baseBefore).digest);
  expect(await runImage(`${registry}/${id}-base:1`, ['cat', '/base.txt'])).toMatch(`base ${id} v2`);
  // The failed run's images keep what they had (the side image never had a cache).
  expect(cacheOf(after, 'app')).toEqual(cacheOf(caches, 'app'));
  expect(cacheOf(after, 'side')).toEqual({});
  expect(readFileSync(appReport, 'utf8')).toBe(appBefore);
  expect(existsSync(reportOf('apps', 'side'))).toBe(false);
  // And so do their tags: the report still names what the tag holds.
  expect(await imageIdOf(`${registry}/${id}-app:1`)).toBe(appImage);
  expect(await imageIdOf(`${registry}/${id}-side:1`)).toBe('');
  expect(await halfWrittenUnder(workspace())).toEqual([]);
  expect(await halfWrittenUnder(cacheRoot)).toEqual([]);
  expect(await leftoverBuilds(id)).toEqual([]);
});

it('refuses an unmarked cache directory with files before bake.json is written, and touches nothing', async () => {
  const id = unique('bv');
  const victim = `tools/${id}-victim`;
  await writeFiles({ [`${victim}/notes.txt`]: 'mine' });
  await bakeWorkspace(id, { cacheDir: victim });
  const before = await treeSnapshot(join(workspace(), victim));

  const run = await nx(['run', `${id}-bake:bake`], env);
  expect(run.exitCode).not.toBe(0);
  const message = new RegExp(
    `cacheDir "${victim}" \\(\\S+\\) is not empty and was not created by nx-buildx`,
  );
  expect(run.output).toMatch(message);
  expect(run.output.match(new RegExp(message.source, 'g'))).toHaveLength(1);
  expect(existsSync(join(workspace(), `dist/docker/${id}-bake.json`))).toBe(false);
  expect(await treeSnapshot(join(workspace(), victim))).toEqual(before);
  expect(existsSync(join(workspace(), 'dist/docker/libs', `${id}-base`))).toBe(false);
  expect(await leftoverBuilds(id)).toEqual([]);
});

it('refuses a bake whose image copies a build output that is missing, naming the build to run, before anything is built', async () => {
  const id = unique('bo');
  await addProject(`libs/${id}-base`, build(), {
    Dockerfile: `FROM ${BUSYBOX}\nRUN echo "base ${id}" > /base.txt\n`,
  });
  await addProject(
    `apps/${id}-web`,
    {
      build: {
        executor: 'nx:run-commands',
        outputs: [`{workspaceRoot}/dist/apps/${id}-web`],
        options: { command: `mkdir -p dist/apps/${id}-web && echo web > dist/apps/${id}-web/i` },
      },
      ...build(),
    },
    { Dockerfile: `FROM ${registry}/${id}-base:1\nCOPY dist/apps/${id}-web /web\n` },
  );
  await bakeProject(id, [`${id}-web`]);

  // The bake task has no dependsOn on the build: a single build would refuse the same way.
  const run = await nx(['run', `${id}-bake:bake`], env);
  expect(run.exitCode).not.toBe(0);
  const message = `dist/apps/${id}-web not found: it is the output of \`nx build ${id}-web\``;
  expect(run.output).toContain(message);
  expect(run.output.split(message)).toHaveLength(2); // said once
  expect(run.output).toContain('BUILD_OUTPUT_MISSING');
  // Refused before the first run: not even the base it builds on was baked.
  expect(existsSync(join(workspace(), `dist/docker/${id}-bake.json`))).toBe(false);
  expect(existsSync(join(workspace(), 'dist/docker/libs', `${id}-base`))).toBe(false);
  expect(await leftoverBuilds(id)).toEqual([]);
});
