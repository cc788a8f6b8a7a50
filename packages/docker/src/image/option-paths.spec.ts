// Every docker-build option × the three paths that build an image:
//   single     docker-build: planBuild → buildImage → `docker buildx build` (buildArgv)
//   batch      docker-build --batch: bakeFromGraph → one bake (bakeTargetFromBuild); an image
//              whose options bakeGaps lists is built alone, as `single` builds it
//   fromGraph  docker-bake fromGraph: bakeFromGraph → one bake; such an image is refused
// The option names come from the zod shape, so a new option without a row fails here
// rather than being left out by one path unnoticed. Each path is followed through the
// same pure functions its executor calls; the executors' own glue (which options they
// read for the run, the stall limit) is mirrored where it is not exported, and says so.
import { posix } from 'node:path';
import type {
  BakeTarget,
  BuildOptions,
  BuildOptionsInput,
  BuildxVersion,
  ImageBuildInput,
} from '@nx-buildx/buildx';
import {
  bakeArgv,
  bakeDefinitionOf,
  bakeGaps,
  bakeOptionsSchema,
  buildArgv,
  parseBuildxVersion,
  parseOptions,
  resolveCacheStrategy,
  stallLimitMs,
} from '@nx-buildx/buildx';
import { batchStallLimit } from '../executors/docker-build/batch';
import { bakeFromGraph } from './bake-from-graph';
import type { BuildPlan } from './build-plan';
import { defaultProgress, planBuild } from './build-plan';
import type { DockerBuildOptions } from './options';
import { dockerBuildObject, dockerBuildSchema } from './options';

const project = { name: 'api', root: 'apps/api', workspaceRoot: '/ws', version: '1.2.3' };
const git = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  branch: 'main',
  remoteUrl: 'https://git.example.com/acme/repo.git',
  commitTime: new Date('2026-11-20T08:30:00Z'),
};
const env = {}; // not CI: progress auto, cacheStrategy auto resolves to none
const now = new Date('2026-11-27T10:00:00Z');
const graphFacts = { git, env, now, readFile: () => 'FROM 127.0.0.1:5000/busybox:latest\n' };
/** A buildx whose bake reads every field the plugin maps (network since 0.17.0). */
const version: BuildxVersion = parseBuildxVersion('github.com/docker/buildx v0.29.1 a1b2c3d');
const KEY = 'api'; // the bake target: bakeTargetName(project.name), also batch's key here

type Path = 'single' | 'batch' | 'fromGraph';
const PATHS: readonly Path[] = ['single', 'batch', 'fromGraph'];

/** What one path hands to buildx for the image, and what the executor keeps for itself. */
interface Outcome {
  options: DockerBuildOptions;
  plan: BuildPlan;
  /** `docker buildx build` argv, when the path builds the image on its own. */
  argv?: string[];
  /** The image's bake target as the definition writer writes it, when the path bakes it. */
  target?: BakeTarget;
  /** `docker buildx bake` argv of the run that bakes it. */
  bake?: string[];
  /** What bakeGaps says a bake target cannot carry (batch, fromGraph; [] for single). */
  gaps: string[];
  /** fromGraph refuses an image with gaps (bakeImages' withoutBakeGaps throws). */
  refused: boolean;
  stallLimitMs?: number;
}

/** docker-bake's own options fromGraph's run reads (docker-bake/executor.ts). */
interface BakeRunOptions {
  builder?: string;
  progress?: DockerBuildOptions['progress'];
  stallTimeout?: string;
}

const anyBuilder = {
  name: 'b',
  capabilities: { exportCache: true, loadMultiPlatform: true, multiPlatform: true },
};

/**
 * The build options with the cache strategy's entries before the user's, as both
 * buildImage and bakeImages pass them to buildx (prepare-image.ts cacheOptions, which the
 * package does not export; a local cache is taken to hold one, so it is read).
 */
function withCache(input: ImageBuildInput): BuildOptions {
  const cache = resolveCacheStrategy({
    ...input.cache,
    env,
    builder: anyBuilder,
    localExists: true,
  });
  const build: BuildOptionsInput = {
    ...input.build,
    cacheFrom: [...cache.cacheFrom, ...(input.build.cacheFrom ?? [])],
    cacheTo: [...cache.cacheTo, ...(input.build.cacheTo ?? [])],
  };
  return build as BuildOptions; // planBuild validated it (input.validated)
}

const parse = (raw: Record<string, unknown>) =>
  parseOptions(dockerBuildSchema, raw, 'docker-build options');

function single(raw: Record<string, unknown>): Outcome {
  const options = parse(raw);
  const plan = planBuild(options, project, git, env, now);
  return {
    options,
    plan,
    argv: buildArgv(withCache(plan.input)).args,
    gaps: [],
    refused: false,
    stallLimitMs: stallLimitMs(options.stallTimeout), // docker-build/executor.ts
  };
}

/** One image of a bake: the definition writer's target, or what bakeGaps keeps out. */
function baked(
  options: DockerBuildOptions,
  key: string | undefined,
  runBuilder: string | undefined,
  progress: NonNullable<DockerBuildOptions['progress']>,
) {
  const graph = bakeFromGraph([{ facts: project, options, key }], graphFacts);
  const plan = graph.plans[KEY] as BuildPlan;
  const image = graph.images[KEY] as ImageBuildInput;
  const build = withCache(image);
  const gaps = bakeGaps(build, version);
  const target = gaps.length ? undefined : bakeDefinitionOf({ [KEY]: { build } }).target[KEY];
  // bakeImages runs on the bake's builder, else the one its images name (one-run.ts bakeBuilder).
  const run = parseOptions(bakeOptionsSchema, {
    files: ['dist/docker/bake.json'],
    targets: [KEY],
    builder: runBuilder ?? build.builder,
    progress,
  });
  return { plan, build, gaps, target, bake: target && bakeArgv(run).args };
}

function batch(raw: Record<string, unknown>): Outcome {
  const options = parse(raw);
  // batch.ts: the run's progress is the (first) task's, else the default.
  const b = baked(options, KEY, undefined, options.progress ?? defaultProgress(env));
  return {
    options,
    plan: b.plan,
    target: b.target,
    bake: b.bake,
    gaps: b.gaps,
    refused: false,
    // An image with gaps is built alone, by buildImage with the same plan (buildAlone).
    argv: b.gaps.length ? buildArgv(b.build).args : undefined,
    stallLimitMs: batchStallLimit([options.stallTimeout]),
  };
}

function fromGraph(raw: Record<string, unknown>, bake: BakeRunOptions = {}): Outcome {
  // graph-projects.ts validOptions: docker-bake's builder wins over the project's.
  const options = parse({ ...raw, builder: bake.builder ?? raw.builder });
  const b = baked(options, undefined, bake.builder, bake.progress ?? defaultProgress(env));
  return {
    options,
    plan: b.plan,
    target: b.target,
    bake: b.bake,
    gaps: b.gaps,
    refused: b.gaps.length > 0,
    stallLimitMs: stallLimitMs(bake.stallTimeout), // docker-bake's own option
  };
}

const follow: Record<Path, (raw: Record<string, unknown>) => Outcome> = {
  single,
  batch,
  fromGraph: (raw) => fromGraph(raw),
};

/** Everything a path hands on: what an option it does not use must leave as it was. */
const handedOn = (o: Outcome) => ({
  argv: o.argv,
  target: o.target,
  bake: o.bake,
  gaps: o.gaps,
  metadataFile: o.plan.metadataFile,
  stallLimitMs: o.stallLimitMs,
});

/**
 * How an option reaches the build (read from the code, not guessed):
 * - both: a buildx option with a flag and a bake field (or, for load, push, provenance
 *   and sbom, a bake output or attest entry): buildArgv's argv and the bake target carry
 *   it, and bakeGaps does not list it.
 * - input: a plugin option that planBuild turns into buildx options (image name, tags,
 *   labels, Dockerfile, context): it changes the plan and, through it, argv and target.
 * - cache: shapes plan.input.cache; the strategy's entries reach argv and target alike.
 * - single only: no bake field: bakeGaps lists it, so batch builds the image alone (with
 *   it) and fromGraph refuses the image.
 * - bake run: a flag of the whole `docker buildx bake` run, not of a target (builder,
 *   progress): argv carries it; on a bake it reaches the run's argv, never the target.
 * - executor: used by the executor itself, not by buildx: `shows` picks where.
 */
type Kind = 'both' | 'input' | 'cache' | 'single only' | 'bake run' | 'executor';

interface Row {
  kind: Kind;
  /** A value that passes docker-build's schema and differs from the default. */
  sample: unknown;
  /** Other options the sample needs to matter (e.g. the strategy a cacheDir belongs to). */
  base?: Record<string, unknown>;
  /** Executor rows: the outcome field the option shows in. */
  shows?: (o: Outcome) => unknown;
  /**
   * Paths that do not use the option by design, and why: asserted that nothing the path
   * hands on changes with it (so a change of design fails here and updates the row).
   */
  unused?: Partial<Record<Path, string>>;
}

const rows: Record<string, Row> = {
  // buildx's build options, in buildOptionsObject's order
  context: { kind: 'input', sample: 'apps/api' },
  builder: { kind: 'bake run', sample: 'ci-builder' },
  file: { kind: 'input', sample: 'apps/api/Dockerfile.prod' },
  tags: { kind: 'input', sample: ['{shortSha}'] },
  labels: { kind: 'input', sample: { 'org.opencontainers.image.vendor': 'Acme' } },
  annotations: { kind: 'both', sample: ['index:org.opencontainers.image.description=API'] },
  platforms: { kind: 'both', sample: ['linux/arm64'] },
  buildArgs: { kind: 'both', sample: { NODE_ENV: 'production' } },
  secrets: { kind: 'both', sample: [{ id: 'npm', env: 'NPM_TOKEN' }] },
  ssh: { kind: 'both', sample: ['default'] },
  target: { kind: 'both', sample: 'runtime' },
  buildContexts: { kind: 'both', sample: { shared: 'libs/shared' } },
  cacheFrom: { kind: 'both', sample: ['type=registry,ref=ghcr.io/acme/base:buildcache'] },
  cacheTo: { kind: 'both', sample: ['type=local,dest=/tmp/api-cache,mode=max'] },
  noCache: { kind: 'both', sample: true },
  noCacheFilter: { kind: 'both', sample: ['deps'] },
  pull: { kind: 'both', sample: true },
  load: { kind: 'both', sample: false }, // bake: output type=docker
  push: { kind: 'both', sample: true }, // bake: output type=registry
  outputs: { kind: 'both', sample: ['type=tar,dest=dist/api.tar'] },
  provenance: { kind: 'both', sample: 'mode=max' }, // bake: an attest entry
  sbom: { kind: 'both', sample: true }, // bake: an attest entry
  attests: { kind: 'both', sample: ['type=sbom'] },
  // docker-build's report, not buildx's --metadata-file (buildxOptions leaves it out;
  // buildx's goes to a temporary file). batch and fromGraph write the report to the plan's.
  metadataFile: {
    kind: 'executor',
    sample: 'dist/docker/api.json',
    shows: (o) => o.plan.metadataFile,
  },
  iidFile: { kind: 'single only', sample: 'dist/api.iid' },
  network: { kind: 'both', sample: 'host' }, // single only on buildx < 0.17 (gaps.spec.ts)
  addHosts: { kind: 'single only', sample: ['db.internal:10.0.0.5'] },
  allow: { kind: 'single only', sample: ['network.host'] },
  cgroupParent: { kind: 'single only', sample: 'ci-builds' },
  shmSize: { kind: 'both', sample: '128m' },
  ulimits: { kind: 'both', sample: ['nofile=1024:1024'] },
  progress: {
    kind: 'bake run',
    sample: 'rawjson',
    unused: {
      fromGraph:
        "one bake of many projects shows one progress: docker-bake's own progress option, not a project's",
    },
  },
  // what docker-build adds
  imageName: { kind: 'input', sample: 'acme/api' },
  registry: { kind: 'input', sample: 'ghcr.io/acme' },
  latest: { kind: 'input', sample: true, base: { tags: ['{shortSha}'] } },
  ociLabels: { kind: 'input', sample: false },
  stallTimeout: {
    kind: 'executor',
    sample: '10m',
    shows: (o) => o.stallLimitMs,
    unused: {
      fromGraph:
        "one bake of many projects runs with one limit: docker-bake's own stallTimeout (a project's is at most checked)",
    },
  },
  cacheStrategy: { kind: 'cache', sample: 'local' },
  cacheDir: { kind: 'cache', sample: 'tmp/api-cache', base: { cacheStrategy: 'local' } },
  cacheRegistryRef: {
    kind: 'cache',
    sample: 'ghcr.io/acme/api:buildcache',
    base: { cacheStrategy: 'registry' },
  },
  cacheRegistryAttrs: {
    kind: 'cache',
    sample: { 'image-manifest': 'true' },
    base: { cacheStrategy: 'registry' },
  },
  cacheS3: {
    kind: 'cache',
    sample: {
      bucket: 'acme-cache',
      region: 'eu-west-1',
      attrs: { endpoint_url: 'http://s3:9000' },
    },
    base: { cacheStrategy: 's3', cacheS3: { bucket: 'other', region: 'eu-west-1' } },
  },
};

const shape = Object.keys(dockerBuildObject.shape);

it('has one row per option of the zod shape, and no row for an option it does not have', () => {
  const rowNames = Object.keys(rows);
  expect({
    withoutRow: shape.filter((name) => !rowNames.includes(name)),
    notAnOption: rowNames.filter((name) => !shape.includes(name)),
  }).toEqual({ withoutRow: [], notAnOption: [] });
});

describe.each(shape)('%s', (name) => {
  const row = rows[name];
  const base = row?.base ?? {};
  const withSample = () => ({ ...base, [name]: row?.sample });

  it('has a row (add one to `rows`, with the kind its paths give it)', () => {
    expect(row).toBeDefined();
  });
  if (!row) return;

  it(`takes the sample ${JSON.stringify(row.sample)} (valid, and not the default)`, () => {
    const o = parse(withSample());
    expect(o[name as keyof DockerBuildOptions]).not.toEqual(
      parse(base)[name as keyof DockerBuildOptions],
    );
  });

  it.each(PATHS)(`reaches the build on the %s path (${row.kind})`, (path) => {
    const before = follow[path](base);
    const after = follow[path](withSample());
    const why = row.unused?.[path];
    if (why) {
      // By design, and said so in the row: nothing this path hands on depends on it.
      expect(handedOn(after)).toEqual(handedOn(before));
      return;
    }
    const gapOf = (o: Outcome) => o.gaps.filter((g) => g.startsWith(`${name} (`));
    switch (row.kind) {
      case 'both':
      case 'input':
      case 'cache':
        if (row.kind === 'input')
          expect(after.plan.input.build).not.toEqual(before.plan.input.build);
        if (row.kind === 'cache')
          expect(after.plan.input.cache).not.toEqual(before.plan.input.cache);
        expect(after.gaps).toEqual([]);
        if (path === 'single') expect(after.argv).not.toEqual(before.argv);
        else expect(after.target).not.toEqual(before.target);
        break;
      case 'single only':
        expect(after.argv ?? []).not.toEqual(single(base).argv);
        if (path === 'single') break;
        expect(gapOf(after)).toHaveLength(1); // a bake target would have dropped it
        expect(after.target).toBeUndefined();
        if (path === 'batch')
          expect(after.argv).toEqual(single(withSample()).argv); // built alone
        else expect(after.refused).toBe(true);
        break;
      case 'bake run':
        if (path === 'single') {
          expect(after.argv).not.toEqual(before.argv);
          break;
        }
        expect(after.gaps).toEqual([]);
        expect(after.target).toEqual(before.target); // a run flag, in no target
        expect(after.bake).not.toEqual(before.bake);
        break;
      case 'executor': {
        const shows = row.shows as (o: Outcome) => unknown;
        expect(shows(after)).toBeDefined();
        expect(shows(after)).not.toEqual(shows(before));
        expect(after.gaps).toEqual([]);
        break;
      }
    }
  });
});

describe('what fromGraph takes from docker-bake instead of the project', () => {
  it("runs with docker-bake's progress and stall limit", () => {
    const o = fromGraph({}, { progress: 'rawjson', stallTimeout: '90s' });
    expect(o.bake).toEqual(expect.arrayContaining(['--progress', 'rawjson']));
    expect(o.stallLimitMs).toBe(90_000);
  });

  it("builds on docker-bake's builder, else on the project's", () => {
    const builderOf = (o: Outcome) => o.bake?.[o.bake.indexOf('--builder') + 1];
    expect(builderOf(fromGraph({ builder: 'mine' }, { builder: 'shared' }))).toBe('shared');
    expect(builderOf(fromGraph({ builder: 'mine' }))).toBe('mine');
  });

  it('refuses an image whose options a bake target cannot carry, naming them', () => {
    const o = fromGraph({ iidFile: 'dist/api.iid', cgroupParent: 'ci' });
    expect(o.gaps.map((g) => g.split(' ')[0])).toEqual(['iidFile', 'cgroupParent']);
    expect(o.refused).toBe(true);
  });
});

// bake reads a target's relative `dockerfile` against its `context` (buildx
// bake/bake.go toBuildOpt: filepath.Join(contextPath, dockerfilePath)); `docker buildx
// build --file` reads it against the working directory (the workspace root here).
describe('the Dockerfile a bake target names is the one the single build reads', () => {
  const builds = (o: Outcome) => (o.argv ? o.argv[o.argv.indexOf('--file') + 1] : undefined);
  const bakes = (t: BakeTarget | undefined) =>
    t && posix.join(t.context ?? '.', t.dockerfile ?? 'Dockerfile');

  it.each(['batch', 'fromGraph'] as const)('context ".": %s', (path) => {
    expect(bakes(follow[path]({}).target)).toBe(builds(single({})));
  });

  // Found by this table: bake looked for apps/api/apps/api/Dockerfile.
  it.each(['batch', 'fromGraph'] as const)('context "apps/api": %s', (path) => {
    const raw = { context: 'apps/api' };
    expect(bakes(follow[path](raw).target)).toBe(builds(single(raw)));
  });
});
