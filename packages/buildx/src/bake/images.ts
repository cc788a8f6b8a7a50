import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { holdsCache } from '../cache/local-layout';
import type { LocalCacheSlot } from '../cache/local-store';
import type { ResolvedCache } from '../cache/strategy';
import type { ImageMetadata } from '../build/metadata';
import type { BuildOptionsInput } from '../build/options';
import { buildOptionsSchema } from '../build/options';
import type { ImageBuildInput, ImagesContext, PreparedImage } from '../build/prepare-image';
import { cacheOptions, prepareImages, withImageCaches } from '../build/prepare-image';
import type { StepCounts } from '../build/progress';
import { BakeFailedError, BaseImageFailedError } from '../errors/bake';
import type { BuildxError } from '../errors/errors';
import { BuildFailedError, InvalidOptionError } from '../errors/errors';
import { parseOptions } from '../errors/zod-issues';
import type { BakeDefinition } from './definition';
import { bakeTargetFromBuild } from './definition';
import type { BakeOptionsInput, BakeResult } from './run';
import { runBake } from './run';
import { moveSecretArgsToEnv } from './secret-args';
import { failedTargets, TargetLines } from './target-output';

/** One image of a bake. */
export interface BakeImageInput extends ImageBuildInput {
  /**
   * Images of the same bake this one builds on: the name its Dockerfile uses for the
   * image (the named-context key) → that image's key in `images`. Bake builds the base
   * in the same run and hands its result over as a `target:` context.
   */
  links?: Readonly<Record<string, string>>;
}

/** Flags of the `docker buildx bake` run itself (not of one image). */
export type BakeRunFlags = Pick<
  BakeOptionsInput,
  'set' | 'load' | 'push' | 'noCache' | 'pull' | 'builder' | 'progress'
>;

export interface BakeImagesInput<K extends string = string> {
  /** Bake target name → the image it builds. Target names must be valid bake names. */
  images: Readonly<Record<K, BakeImageInput>>;
  /** Where the definition is written (kept for people to read); a temporary file otherwise. */
  bakeFile?: string;
  /** bake's `--metadata-file` (kept); a temporary file otherwise. */
  metadataFile?: string;
  run?: BakeRunFlags;
  /**
   * One task per image (Nx batch mode): an image refused before the bake or failed in
   * it fails alone, with the images built on it; the others are still baked — again,
   * in a second run, when the failure cancelled them. Default: all or nothing.
   */
  isolate?: boolean;
}

/** What became of one image of a bake. */
export type BakeImageOutcome = {
  /** The progress lines BuildKit attributed to this target (plain/rawjson progress). */
  output: string[];
} & (
  | {
      status: 'built';
      metadata: ImageMetadata;
      steps: { run: number; cached: number };
      cache: ResolvedCache;
    }
  /**
   * `failed`: refused before the bake, or its own build failed; `not-built`: stopped by
   * another image's failure (or, isolated, it builds on an image that failed).
   */
  | { status: 'failed' | 'not-built'; error: BuildxError; cache?: ResolvedCache }
);

type Unbuilt = Extract<BakeImageOutcome, { status: 'failed' | 'not-built' }>;

export interface BakeImagesResult<K extends string = string> {
  /** true when every image was built. */
  ok: boolean;
  images: Record<K, BakeImageOutcome>;
  /** Why not every image was built (with isolate: the first failure); also on each image. */
  error?: BuildxError;
  /** The definition as written: secret-like build args are bake variables. */
  definition: BakeDefinition;
  steps?: StepCounts;
  durationMs: number;
  command?: string;
}

/**
 * Many images in one `docker buildx bake`, with the same checks and cache orchestration
 * as {@link buildImage} (prepare-image.ts): secrets, engine, builder, one cache strategy
 * per image, each `local` cache checked before the definition is written, locked for the
 * run, and swapped in only when the whole bake succeeded — a failed target leaves every
 * cache as it was. The definition is written with secret-like build args as bake
 * variables whose values reach bake through its environment only.
 *
 * Refusals before anything runs (a secret without a value, an unusable cache directory,
 * a link to an unknown image) throw, naming the image; an engine failure or an
 * interruption throws too. A failed build does not: the result says which target failed
 * and which were left unbuilt, so a caller running one task per image (Nx batch mode)
 * can fail just those.
 */
export async function bakeImages<K extends string>(
  input: BakeImagesInput<K>,
  ctx: ImagesContext = {},
): Promise<BakeImagesResult<K>> {
  if (input.isolate) return bakeIsolated(input, ctx);
  const prepared = (await prepareBake(input, ctx)) as Record<K, PreparedImage>;
  return bakePrepared(input, prepared, ctx);
}

/** One bake run of images whose checks passed: writes the definition, locks, runs, swaps. */
async function bakePrepared<K extends string>(
  input: BakeImagesInput<K>,
  prepared: Record<K, PreparedImage>,
  ctx: ImagesContext,
): Promise<BakeImagesResult<K>> {
  const cwd = ctx.cwd ?? process.cwd();
  const names = Object.keys(input.images) as K[];
  return withBakeFile(input.bakeFile, cwd, (bakeFile) =>
    withImageCaches(Object.values(prepared), ctx, async (slots) => {
      const { definition, env } = await writeDefinition(bakeFile, input.images, prepared, slots);
      const lines: string[] = [];
      const owner = new TargetLines(names);
      const output = Object.fromEntries(names.map((n) => [n, [] as string[]])) as Record<
        K,
        string[]
      >;
      const onLine = (line: string) => {
        lines.push(line);
        const t = owner.push(line) as K | undefined;
        if (t) output[t].push(line);
        ctx.onLine?.(line);
      };
      const started = Date.now();
      let result: BakeResult;
      try {
        result = await runBake(
          {
            files: [bakeFile],
            targets: names,
            ...input.run,
            builder: bakeBuilder(input),
            metadataFile: input.metadataFile,
          },
          { ...ctx, cwd, onLine, env: { ...ctx.env, ...env } },
        );
      } catch (err) {
        if (!(err instanceof BuildFailedError)) throw err;
        const facts = Object.fromEntries(
          names.map((n) => [
            n,
            {
              dockerfile: input.images[n].build.file ?? 'Dockerfile',
              dockerfileText: readDockerfile(cwd, input.images[n].build),
              links: Object.values(input.images[n].links ?? {}),
            },
          ]),
        );
        const failed = failedTargets(err, lines, facts);
        const error = new BakeFailedError(
          failed,
          names.filter((n) => !failed.includes(n)),
          err,
        );
        // Failing here makes the lock holder leave every cache as it was.
        throw new FailedBake({
          ok: false,
          error,
          definition,
          durationMs: Date.now() - started,
          images: Object.fromEntries(
            names.map((n) => {
              const unbuilt: Unbuilt = {
                status: failed.includes(n) || failed.length === 0 ? 'failed' : 'not-built',
                error,
                cache: prepared[n].cache,
                output: output[n],
              };
              return [n, unbuilt];
            }),
          ) as Record<K, BakeImageOutcome>,
        });
      }
      return {
        ok: true,
        definition,
        steps: result.steps,
        durationMs: result.durationMs,
        command: result.command,
        images: Object.fromEntries(
          names.map((n) => {
            const meta = result.targets[n];
            const built: BakeImageOutcome = {
              status: 'built',
              metadata: meta ?? { imageNames: [], raw: {} },
              steps: meta?.steps ?? { run: 0, cached: 0 },
              cache: prepared[n].cache,
              output: output[n],
            };
            return [n, built];
          }),
        ) as Record<K, BakeImageOutcome>,
      };
    }).catch((err) => {
      if (err instanceof FailedBake) return err.result as BakeImagesResult<K>;
      throw err;
    }),
  );
}

/**
 * {@link bakeImages} with `isolate`: refused images and the images built on them are
 * left out; a failed bake is run again without the failed targets and their dependents
 * (the targets it had finished come from BuildKit's cache), until a run succeeds or
 * nothing is left. Each run swaps in only its own images' caches, and only on success.
 */
async function bakeIsolated<K extends string>(
  input: BakeImagesInput<K>,
  ctx: ImagesContext,
): Promise<BakeImagesResult<K>> {
  const outcomes: Partial<Record<K, BakeImageOutcome>> = {};
  let firstError: BuildxError | undefined;
  const fail = (name: K, outcome: Unbuilt) => {
    outcomes[name] = outcome;
    firstError ??= outcome.error;
  };
  const prepared = (await prepareBake(input, ctx, (name, error) =>
    fail(name, { status: 'failed', error, output: [] }),
  )) as Record<K, PreparedImage>;

  let definition: BakeDefinition = { target: {} };
  let durationMs = 0;
  let pending = Object.keys(prepared) as K[];
  while (pending.length) {
    const failedSoFar = Object.keys(outcomes).filter((n) => outcomes[n as K]?.status !== 'built');
    const runnable = unaffectedBy(input.images, failedSoFar).filter((n): n is K =>
      pending.includes(n as K),
    );
    for (const n of pending.filter((p) => !runnable.includes(p)))
      if (!outcomes[n])
        fail(n, {
          status: 'not-built',
          error: new BaseImageFailedError(n, failedBases(input.images, n, failedSoFar)),
          cache: prepared[n].cache,
          output: [],
        });
    if (!runnable.length) break;
    const subset = Object.fromEntries(runnable.map((n) => [n, input.images[n]])) as Record<
      K,
      BakeImageInput
    >;
    const prep = Object.fromEntries(runnable.map((n) => [n, prepared[n]])) as Record<
      K,
      PreparedImage
    >;
    const result = await bakePrepared({ ...input, images: subset }, prep, ctx);
    definition = result.definition;
    durationMs += result.durationMs;
    pending = [];
    for (const n of runnable) {
      const outcome = result.images[n];
      if (outcome.status === 'built') outcomes[n] = outcome;
      else if (outcome.status === 'failed')
        // The others are baked again: the error names only this target.
        fail(n, {
          ...outcome,
          error:
            outcome.error instanceof BakeFailedError
              ? new BakeFailedError(outcome.error.failed, [], outcome.error.failure)
              : outcome.error,
        });
      else pending.push(n); // cancelled by another's failure: bake it again
    }
    if (!result.ok && pending.length === runnable.length) {
      // Nothing was blamed: every image of this run fails rather than loop.
      for (const n of pending)
        fail(n, {
          ...(result.images[n] as Unbuilt),
          status: 'failed',
        });
      pending = [];
    }
  }
  const names = Object.keys(input.images) as K[];
  return {
    ok: names.every((n) => outcomes[n]?.status === 'built'),
    images: outcomes as Record<K, BakeImageOutcome>,
    error: firstError,
    definition,
    durationMs,
  };
}

/** The images `name` builds on (transitively) that are among `failed`. */
function failedBases(
  images: Readonly<Record<string, Pick<BakeImageInput, 'links'>>>,
  name: string,
  failed: readonly string[],
): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (n: string) => {
    for (const base of Object.values(images[n]?.links ?? {})) {
      if (failed.includes(base)) found.add(base);
      if (!seen.has(base)) {
        seen.add(base);
        walk(base);
      }
    }
  };
  walk(name);
  return [...found];
}

/**
 * Writes the bake definition of `images` to `bakeFile` and builds nothing (a dry run,
 * `print`): the same checks as {@link bakeImages}, no lock taken, no cache touched.
 */
export async function writeImagesBake<K extends string>(
  input: BakeImagesInput<K> & { bakeFile: string },
  ctx: ImagesContext = {},
): Promise<BakeDefinition> {
  const prepared = (await prepareBake(input, ctx)) as Record<K, PreparedImage>;
  const slots = new Map<string, Pick<LocalCacheSlot, 'exists'>>();
  for (const p of Object.values(prepared) as PreparedImage[])
    if (p.cache.local) slots.set(p.cache.local.dir, { exists: holdsCache(p.cache.local.dir) });
  const file = resolve(ctx.cwd ?? process.cwd(), input.bakeFile);
  return (await writeDefinition(file, input.images, prepared, slots)).definition;
}

/**
 * The bake definition of images whose build options already carry their cache entries:
 * one target per image, `target:` contexts for its links, all in the default group. Pure.
 */
export function bakeDefinitionOf(
  images: Readonly<
    Record<string, { build: BuildOptionsInput; links?: Readonly<Record<string, string>> }>
  >,
): BakeDefinition {
  const definition: BakeDefinition = { group: { default: { targets: [] } }, target: {} };
  for (const [name, { build, links }] of Object.entries(images)) {
    const contexts = Object.fromEntries(
      Object.entries(links ?? {}).map(([key, target]) => [key, `target:${target}`]),
    );
    const options = parseOptions(
      buildOptionsSchema,
      { ...build, buildContexts: { ...build.buildContexts, ...contexts } },
      `build options of ${name}`,
    );
    definition.target[name] = bakeTargetFromBuild(options);
    definition.group?.default?.targets.push(name);
  }
  return definition;
}

async function prepareBake<K extends string>(
  input: BakeImagesInput<K>,
  ctx: ImagesContext,
  refuse?: (name: K, error: BuildxError) => void,
): Promise<Partial<Record<K, PreparedImage>>> {
  const names = Object.keys(input.images);
  if (names.length === 0)
    throw new InvalidOptionError([{ path: 'images', message: 'no image to bake' }], 'bake');
  const problems = Object.entries<BakeImageInput>(input.images).flatMap(([name, image]) =>
    Object.entries(image.links ?? {})
      .filter(([, target]) => !names.includes(target) || target === name)
      .map(([key, target]) => ({
        path: `${name}.links.${key}`,
        message:
          target === name
            ? 'an image cannot build on itself'
            : `"${target}" is not an image of this bake (images: ${names.join(', ')})`,
      })),
  );
  if (problems.length) throw new InvalidOptionError(problems, 'bake');
  // Capabilities are those of the builder the bake runs on, whatever an image names.
  const builder = bakeBuilder(input);
  const images = Object.fromEntries(
    Object.entries<BakeImageInput>(input.images).map(([n, i]) => [
      n,
      { ...i, build: { ...i.build, builder } },
    ]),
  ) as Record<K, BakeImageInput>;
  return prepareImages(images, ctx, true, refuse);
}

/**
 * The one builder a bake runs on: the bake's own, else the one its images agree on.
 * Images naming different builders cannot share a run.
 */
function bakeBuilder(input: BakeImagesInput): string | undefined {
  if (input.run?.builder) return input.run.builder;
  const named = [
    ...new Set(Object.values<BakeImageInput>(input.images).map((i) => i.build.builder)),
  ];
  if (named.length <= 1) return named[0];
  throw new InvalidOptionError(
    [
      {
        path: 'builder',
        message: `a bake runs on one builder, but its images name ${named.map((b) => (b ? `"${b}"` : 'the default')).join(', ')}; set builder on the bake, or the same builder on every image`,
      },
    ],
    'bake',
  );
}

async function writeDefinition<K extends string>(
  file: string,
  images: Readonly<Record<K, BakeImageInput>>,
  prepared: Record<K, PreparedImage>,
  slots: ReadonlyMap<string, Pick<LocalCacheSlot, 'exists'>>,
): Promise<{ definition: BakeDefinition; env: Record<string, string> }> {
  const withCache = Object.fromEntries(
    (Object.keys(images) as K[]).map((n) => [
      n,
      { build: cacheOptions(prepared[n], slots), links: images[n].links },
    ]),
  );
  // The file is on disk: secret-like arg values leave it and reach bake through env.
  const { definition, env } = moveSecretArgsToEnv(bakeDefinitionOf(withCache));
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(definition, null, 2)}\n`);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { definition, env };
}

/**
 * An image's Dockerfile text, for telling whose step failed; undefined when it cannot be
 * read (a remote context, stdin). Bake reads `dockerfile` against the context.
 */
function readDockerfile(
  cwd: string,
  build: Pick<BuildOptionsInput, 'context' | 'file'>,
): string | undefined {
  const file = build.file ?? 'Dockerfile';
  for (const path of [resolve(cwd, build.context, file), resolve(cwd, file)]) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Carries a failed bake's result out of the cache lock, which then swaps nothing. */
class FailedBake extends Error {
  constructor(readonly result: BakeImagesResult<string>) {
    super('bake failed');
  }
}

async function withBakeFile<T>(
  given: string | undefined,
  cwd: string,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  if (given) return fn(resolve(cwd, given));
  const dir = await mkdtemp(join(tmpdir(), 'nx-buildx-bake-'));
  try {
    return await fn(join(dir, 'bake.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The images of a bake that neither failed nor build (through links, transitively) on
 * one that did: what a caller running one task per image may bake again after a failure
 * cancelled them, so an unrelated image is not failed with the broken one.
 */
export function unaffectedBy(
  images: Readonly<Record<string, Pick<BakeImageInput, 'links'>>>,
  failed: readonly string[],
): string[] {
  const broken = new Set(failed);
  const isBroken = (name: string, seen: Set<string>): boolean => {
    if (broken.has(name)) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return Object.values(images[name]?.links ?? {}).some((base) => isBroken(base, seen));
  };
  return Object.keys(images).filter((name) => !isBroken(name, new Set()));
}
