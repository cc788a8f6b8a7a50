// Hostile inputs, part "false success" (issue 7): a success is never false. A fresh mode
// the Dockerfile cannot honour fails before building; an Nx cache hit never stands in
// for a missing image; a fresh build's new bases stay for the next build; a context
// outside the workspace or a large one is named. Each case asserts the exit code, the
// message and that nothing was half-written (no metadata claiming fresh, no temp files,
// no leftover docker processes).
import type { RunResult } from '@nx-buildx/buildx';
import { execaRunner } from '@nx-buildx/buildx';
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { halfWrittenUnder, leftoverBuilds } from './hostile';
import {
  addProject,
  BUSYBOX,
  LOCAL_REGISTRY,
  metadataOf,
  nx,
  stateInput,
  unique,
  workspace,
  writeFiles,
} from './workspace';

jest.setTimeout(600_000);

const docker = (...args: string[]) => execaRunner.run('docker', args);
const imageId = async (ref: string) => {
  const r = await docker('image', 'inspect', '--format', '{{.Id}}', ref);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
};
const CACHE_ON = { NX_SKIP_NX_CACHE: 'false' };
const HIT = /read the output from the cache/;
const made: string[] = [];
/** Nx's output as a person reads it: no colours, no `project: ` prefix on each line. */
const plain = (output: string) => stripVTControlCharacters(output).replace(/^\S+: /gm, '');

afterAll(async () => {
  await removeImages(made);
});

/** A project `apps/<name>` with docker-build and docker-fresh targets sharing `options`. */
async function project(
  prefix: string,
  dockerfile: string,
  options: Record<string, unknown> = {},
  target: Record<string, unknown> = {},
  files: Record<string, string> = {},
) {
  const name = unique(prefix);
  const root = `apps/${name}`;
  const image = `e2e/${name}:latest`;
  made.push(image);
  const common = { imageName: `e2e/${name}`, cacheStrategy: 'local', ...options };
  // Written by hand (no graph plugin here): a cached target gets the inputs the
  // CACHE_UNCHECKED message asks for, unless the case gives its own.
  const withInputs = (t: string) =>
    target.cache === true && !('inputs' in target)
      ? { ...target, inputs: ['default', '^default', stateInput(root, t)] }
      : target;
  await addProject(
    root,
    {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: common,
        ...withInputs('docker-build'),
      },
      'docker-fresh': {
        executor: '@nx-buildx/docker:docker-fresh-build',
        options: common,
        ...withInputs('docker-fresh'),
      },
    },
    { Dockerfile: dockerfile, ...files },
  );
  const run = (t: string, args: string[] = [], env: Record<string, string> = {}) =>
    nx(['run', `${name}:${t}`, ...args], env);
  return { name, root, image, run };
}

/** Nothing half-written or left running, and no metadata (a failure records nothing). */
async function expectNothingLeft(p: { name: string; root: string }, metadata: boolean) {
  expect(await halfWrittenUnder(join(workspace(), p.root))).toEqual([]);
  expect(await halfWrittenUnder(join(workspace(), 'dist/docker', p.root))).toEqual([]);
  expect(existsSync(join(workspace(), 'dist/docker', p.root, 'metadata.json'))).toBe(metadata);
  expect(await leftoverBuilds(p.name)).toEqual([]);
}

const FROM = `FROM ${BUSYBOX}`;

// A fresh mode the Dockerfile cannot honour: refused before anything is built.
// prettier-ignore
describe.each([
  ['bust without any ARG', `${FROM}\nRUN echo hi > /hi\n`, ['--mode=bust'],
    /mode "bust" would not make this build fresh: apps\/\S+\/Dockerfile declares no "ARG CACHE_BUST"[\s\S]*Add "ARG CACHE_BUST" before the first RUN that must rerun, in stage 0 \(FROM on line 1\)/],
  ['bustArg misnamed', `${FROM}\nARG CACHE_BUST\nRUN echo hi > /hi\n`, ['--mode=bust', '--bustArg=CACHEBUST'],
    /declares no "ARG CACHEBUST"[\s\S]*or set bustArg to one of the ARGs \S+ declares \(CACHE_BUST\)/],
  ['bust ARG only before the first FROM', `ARG CACHE_BUST\n${FROM}\nRUN echo hi > /hi\n`, ['--mode=bust'],
    /declares "ARG CACHE_BUST" only before the first FROM \(line 1\), where it reaches FROM lines but no step/],
  ['bust ARG after every RUN', `${FROM}\nRUN echo hi > /hi\nARG CACHE_BUST\nCMD ["cat", "/hi"]\n`, ['--mode=bust'],
    /"ARG CACHE_BUST" \(line 3\) comes after the last RUN of its stage[\s\S]*Move "ARG CACHE_BUST" before the first RUN that must rerun/],
  ['bust ARG only in a stage the build does not use', `${FROM} AS unused\nARG CACHE_BUST\nRUN echo x > /x\n${FROM}\nRUN echo hi > /hi\n`, ['--mode=bust'],
    /declares "ARG CACHE_BUST" only in stages not built for this build \(its last stage\) \(line 2\)/],
  ['stages naming a stage that does not exist', `${FROM} AS deps\nRUN echo d > /d\n${FROM}\nCOPY --from=deps /d /d\n`, ['--mode=stages', '--stages=dependencies'],
    /mode "stages" would not make this build fresh: \S+ has no stage named "dependencies" \(its named stages: deps\)/],
  ['stages naming a stage the target does not build', `${FROM} AS deps\nRUN echo d > /d\n${FROM} AS app\nRUN echo a > /a\n`, ['--mode=stages', '--stages=deps'],
    /stage "deps" \(line 1\) is not built for this build \(its last stage\)[\s\S]*Set stages to stages that this build \(its last stage\) uses \(stage "app"\)/],
])('docker-fresh %s', (_title, dockerfile, args, message) => {
  it('fails before building, says what to add, and records no fresh', async () => {
    const p = await project('fresh', dockerfile);
    const r = await p.run('docker-fresh', args as string[]);
    expect(r.exitCode).toBe(1);
    expect(r.output).toMatch(message as RegExp);
    expect(r.output.match(/would not make this build fresh/g)).toHaveLength(1); // said once
    expect(r.output).not.toMatch(/load build definition/); // nothing was built
    expect(await imageId(p.image)).toBeUndefined();
    await expectNothingLeft(p, false);
  });
});

// Controls: modes the Dockerfile honours still work and record what ran.
// prettier-ignore
describe.each([
  ['stages naming a stage that exists', `${FROM} AS deps\nRUN echo d > /d\n${FROM}\nCOPY --from=deps /d /d\n`, ['--mode=stages', '--stages=DEPS'], 'stages'],
  ['bust with ARG CACHE_BUST before the RUN', `${FROM}\nRUN echo s > /s\nARG CACHE_BUST\nRUN echo hi > /hi\n`, ['--mode=bust'], 'bust'],
])('docker-fresh %s (control)', (_title, dockerfile, args, mode) => {
  it('builds, reruns the steps and records the mode', async () => {
    const p = await project('fctl', dockerfile);
    expect((await p.run('docker-build')).exitCode).toBe(0);
    const r = await p.run('docker-fresh', args as string[]);
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toMatch(/would not make this build fresh/);
    const meta = await metadataOf(p.root);
    expect(meta.fresh).toBe(mode);
    expect(meta.steps.run).toBeGreaterThanOrEqual(1);
    expect(await imageId(p.image)).toBeDefined();
    await expectNothingLeft(p, true);
  });
});

describe('docker-fresh with a progress mode that shows no steps', () => {
  it('progress "quiet" prints no progress, yet the steps are counted and the freshness checked', async () => {
    const p = await project('nxq', `${FROM}\nARG CACHE_BUST\nRUN echo hi > /hi\n`, {
      progress: 'quiet',
    });
    expect((await p.run('docker-build')).exitCode).toBe(0);
    const r = await p.run('docker-fresh', ['--mode=bust']);
    expect(r.exitCode).toBe(0);
    expect(plain(r.output)).not.toMatch(/^#\d+ /m); // quiet: no progress lines
    expect(plain(r.output)).toMatch(/ — 1 step run, 0 cached — .*fresh: bust/);
    expect(plain(r.output)).not.toMatch(/cannot be checked/);
    expect((await metadataOf(p.root)).steps).toEqual({ run: 1, cached: 0 });
    await expectNothingLeft(p, true);
  });
});

// Nx caching: a hit only when the very images are still in the engine.
describe('cache: true', () => {
  const cached = { cache: true };
  const reproducible = { ociLabels: false, provenance: false };
  const rmi = (image: string) => docker('image', 'rm', image);
  const retag = (image: string) => docker('tag', BUSYBOX, image); // the tag now names another image

  // prettier-ignore
  it.each([
    ['rmi after the first build: the next run builds again (an "absent" hash must never repeat)', {}, 1, rmi],
    ['rmi after a cache hit: the next run builds again', reproducible, 3, rmi],
    ['the tag moved to another image after a cache hit: the next run builds again', reproducible, 3, retag],
  ])('%s', async (_title, options, runsBefore, change) => {
    const p = await project('nxc', `${FROM}\nRUN echo hi > /hi\n`, options, cached);
    for (let i = 0; i < (runsBefore as number); i++)
      expect((await p.run('docker-build', [], CACHE_ON)).exitCode).toBe(0);
    const built = await imageId(p.image);
    expect((await (change as typeof rmi)(p.image)).exitCode).toBe(0);
    expect(await imageId(p.image)).not.toBe(built);
    const r = await p.run('docker-build', [], CACHE_ON);
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toMatch(HIT);
    expect(r.output).toMatch(/load build definition/); // docker really ran
    expect(await imageId(p.image)).toBeDefined();
    expect((await runImage(p.image, ['cat', '/hi'])).trim()).toBe('hi');
    await expectNothingLeft(p, true);
  });

  it('unchanged, with the image present and a reproducible build: a cache hit, and the image is there', async () => {
    const p = await project('nxh', `${FROM}\nRUN echo hi > /hi\n`, reproducible, cached);
    await p.run('docker-build', [], CACHE_ON); // absent: a miss
    await p.run('docker-build', [], CACHE_ON); // present: a miss, cached under its image ID
    const id = await imageId(p.image);
    const r = await p.run('docker-build', ['--verbose'], CACHE_ON);
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(HIT);
    expect(await imageId(p.image)).toBe(id);
  });

  // prettier-ignore
  it.each([
    ['a build that pushes (its result cannot be checked cheaply)', 'docker-build', { push: true, registry: LOCAL_REGISTRY }],
    ['docker-fresh-build (a fresh build is never replayed)', 'docker-fresh', {}],
  ])('%s is never a cache hit', async (_title, targetName, options) => {
    const p = await project('nxn', `${FROM}\nRUN echo hi > /hi\n`, { ...reproducible, ...options }, cached);
    if ((options as { registry?: string }).registry) made.push(`${LOCAL_REGISTRY}/${p.image}`);
    for (let i = 0; i < 3; i++) {
      const r: RunResult & { output: string } = await p.run(targetName as string, [], CACHE_ON);
      expect(r.exitCode).toBe(0);
      expect(r.output).not.toMatch(HIT);
    }
    await expectNothingLeft(p, true);
  });

  it('switching back and forth between two versions never hits with the other one under the tag', async () => {
    const p = await project('nxs', `${FROM}\n`, reproducible, cached);
    await writeFiles({
      [`${p.root}/Dockerfile`]: `${FROM}\nCOPY ${p.root}/v /v\nCMD ["cat", "/v"]\n`,
    });
    const version = async (v: string) => {
      await writeFiles({ [`${p.root}/v`]: `${v}\n` });
      const r = await p.run('docker-build', [], CACHE_ON);
      expect(r.exitCode).toBe(0);
      expect((await runImage(p.image)).trim()).toBe(v);
      return r.output;
    };
    for (let i = 0; i < 3; i++) await version('A'); // the third is a hit
    await version('B');
    await version('A'); // the very image of the first A again (a reproducible build)
    // B's first run started from that same image: the hit it would replay left A's image
    await version('B');
  });

  // prettier-ignore
  it.each([
    ['inputs written without the image check', { cache: true, inputs: ['default'] }, [], /add \{"runtime":"node node_modules\/@nx-buildx\/docker\/dist\/hasher\/runtime-state\.js apps\/\S+ docker-build \|\| echo .*"\} to its inputs/],
    ['no inputs at all, in a batch', { cache: true, inputs: undefined }, ['--batch'], /register the graph plugin \(nx g @nx-buildx\/docker:init\)/],
  ])('a cached target with %s fails before building, saying what to add (never a hit to replay)', async (_title, target, args, fix) => {
    const p = await project('nxu', `${FROM}\nRUN echo hi > /hi\n`, reproducible, target);
    for (let i = 0; i < 2; i++) {
      const r = await nx(['run-many', '-t', 'docker-build', '-p', p.name, ...(args as string[])], CACHE_ON);
      expect(r.exitCode).toBe(1);
      expect(plain(r.output)).toMatch(/has cache: true, but its inputs lack the plugin's image check/);
      expect(plain(r.output)).toMatch(fix as RegExp);
      expect(r.output).not.toMatch(/load build definition/); // nothing was built
    }
    expect(await imageId(p.image)).toBeUndefined();
  });
});

// A fresh build's new base stays for the next cached build.
describe('docker-fresh on a base re-pushed under the same tag', () => {
  it('builds on the new base, and the next docker-build keeps it (was: back to the old one)', async () => {
    const base = `${LOCAL_REGISTRY}/${unique('e2e-base-')}:latest`;
    const dir = join(workspace(), 'tmp', unique('base'));
    const buildBase = async (version: string, tag: string) => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'Dockerfile'), `${FROM}\nRUN echo ${version} > /version\n`);
      const r = await docker('buildx', 'build', '--provenance=false', '--load', '-t', tag, dir);
      expect(r.exitCode).toBe(0);
    };
    made.push(base, `${base}-v2`);
    await buildBase('1.0.0', base);
    expect((await docker('push', '--quiet', base)).exitCode).toBe(0);
    const v1 = (await imageId(base)) as string;
    // upstream pushes 2.0.0 under the same tag; the engine keeps its copy of 1.0.0
    await buildBase('2.0.0', `${base}-v2`);
    expect((await docker('tag', `${base}-v2`, base)).exitCode).toBe(0);
    expect((await docker('push', '--quiet', base)).exitCode).toBe(0);
    expect((await docker('tag', v1, base)).exitCode).toBe(0);
    await rm(dir, { recursive: true, force: true });

    const p = await project(
      'keep',
      `FROM ${base}\nRUN cp /version /app-version\nCMD ["cat", "/app-version"]\n`,
    );
    expect((await p.run('docker-build')).exitCode).toBe(0);
    expect((await runImage(p.image)).trim()).toBe('1.0.0'); // the engine's old tag, as expected
    const fresh = await p.run('docker-fresh');
    expect(fresh.exitCode).toBe(0);
    expect((await runImage(p.image)).trim()).toBe('2.0.0');
    expect((await p.run('docker-build')).exitCode).toBe(0);
    expect((await runImage(p.image)).trim()).toBe('2.0.0');
    expect((await metadataOf(p.root)).fresh).toBeNull();
    expect(fresh.output).toContain(
      `base images refreshed in the engine for the next builds: ${base}`,
    );
    await expectNothingLeft(p, true);
  });
});

// What a build sends: a context outside the workspace, a large one.
describe('the build context', () => {
  const outsideName = unique('e2e-outside-');
  const outside = () => join(dirname(workspace()), outsideName);
  afterAll(() => rm(outside(), { recursive: true, force: true }));

  // prettier-ignore
  it.each([
    ['outside the workspace: warned, naming the context and the workspace', 'outside', `${FROM}\nRUN echo hi > /hi\n`, /warning: context "\.\.\/e2e-outside-\w+" is \/\S+, outside the workspace \/\S+: Docker can send any file under it/, undefined],
    ['of 60 MB with node_modules and no .dockerignore: warned with the largest entries and the fix', 'big', `${FROM}\nCOPY . /ctx\n`, /warning: the build sent a 60\.0 MB context \(apps\/\w+\/ctx\); the largest entries Docker may send from it:\n {4}60\.0 MB {2}node_modules\/\n +\d+ B {2}src\/\nList what the image does not need in a new \.dockerignore at the context root \(e\.g\. node_modules\), or COPY only what the image needs\./, undefined],
    ['small (a few bytes): not warned', 'small', `${FROM}\nCOPY . /ctx\n`, undefined, /warning: the build sent|outside the workspace/],
  ])('a context %s', async (_title, kind, dockerfile, message, absent) => {
    const p = await project('ctx', dockerfile as string);
    let context = `apps/${p.name}/ctx`;
    if (kind === 'outside') {
      await mkdir(outside(), { recursive: true });
      await writeFile(join(outside(), 'hello.txt'), 'hi');
      context = `../${outsideName}`;
    } else
      await writeFiles({
        [`${context}/src/index.js`]: 'console.log(1)\n',
        ...(kind === 'big' ? {} : { [`${context}/README.md`]: 'hi\n' }),
      });
    if (kind === 'big') {
      await mkdir(join(workspace(), context, 'node_modules/dep'), { recursive: true });
      await writeFile(join(workspace(), context, 'node_modules/dep/blob.bin'), Buffer.alloc(60e6, 1));
    }
    const r = await p.run('docker-build', [`--context=${context}`]);
    expect(r.exitCode).toBe(0);
    const said = plain(r.output);
    if (message) expect(said).toMatch(message as RegExp);
    if (absent) expect(said).not.toMatch(absent as RegExp);
    expect(said.match(/warning: /g)?.length ?? 0).toBe(message ? 1 : 0); // warned once
    await rm(join(workspace(), context, 'node_modules'), { recursive: true, force: true });
    await expectNothingLeft(p, true);
  });
});
