// docker-bake fromGraph on bakeImages: the local caches of every image of a bake are
// swapped in only when the whole bake succeeds; a failing target is named, leaves every
// cache and report as it was; an unusable cache directory is refused before bake.json
// is written.
import { runImage } from '../../packages/buildx/src/testing/container';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { halfWrittenUnder, leftoverBuilds, treeSnapshot } from './hostile';
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
  await addProject(`tools/${id}-bake`, {
    bake: {
      executor: '@nx-buildx/docker:docker-bake',
      options: {
        fromGraph: true,
        projects: [`${id}-app`],
        bakeFile: `dist/docker/${id}-bake.json`,
      },
    },
  });
}

it('swaps in both caches after success; a failing target is named and leaves caches and reports as they were', async () => {
  const id = unique('bi');
  await bakeWorkspace(id);
  const first = await nx(['run', `${id}-bake:bake`], env);
  expect({ exit: first.exitCode, out: first.output.slice(-2000) }).toMatchObject({ exit: 0 });
  expect((await runImage(`${registry}/${id}-app:1`)).trim()).toBe(`base ${id}\napp ${id}`);
  const reports = ['libs', 'apps'].map((d, i) =>
    join(workspace(), 'dist/docker', d, `${id}-${i ? 'app' : 'base'}`, 'metadata.json'),
  );
  for (const r of reports)
    expect(JSON.parse(readFileSync(r, 'utf8'))).toMatchObject({ cacheStrategy: 'local' });
  const caches = await treeSnapshot(cacheRoot);
  const indexes = Object.keys(caches).filter((p) => p.endsWith('/index.json'));
  expect(indexes.map((p) => p.split('/').slice(-2)[0]).sort()).toEqual([`${id}-app`, `${id}-base`]);
  const reportsBefore = reports.map((r) => readFileSync(r, 'utf8'));

  // The base changes (a new cache to export) and the app fails on top of it.
  await writeFiles({
    [`libs/${id}-base/Dockerfile`]: `FROM ${BUSYBOX}\nRUN echo "base ${id} v2" > /base.txt\n`,
    [`apps/${id}-app/Dockerfile`]: `FROM ${registry}/${id}-base:1\nRUN echo "app broke" && exit 7\n`,
  });
  const failed = await nx(['run', `${id}-bake:bake`], env);
  expect(failed.exitCode).not.toBe(0);
  const named = new RegExp(`bake target "${id}-app" failed; not built because of it: ${id}-base`);
  expect(failed.output).toMatch(named);
  expect(failed.output.match(new RegExp(named.source, 'g'))).toHaveLength(1); // reported once
  expect(failed.output).toMatch(/exit code: 7/);
  expect(await treeSnapshot(cacheRoot)).toEqual(caches);
  expect(reports.map((r) => readFileSync(r, 'utf8'))).toEqual(reportsBefore);
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
