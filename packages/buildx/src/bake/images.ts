import { resolve } from 'node:path';
import type { ImageMetadata } from '../build/metadata';
import type { StepCounts } from '../build/progress';
import type { ImageBuildInput, PreparedImage } from '../build/prepare-image';
import type { RunContext } from '../process/run-context';
import { holdsCache } from '../cache/local-layout';
import type { LocalCacheSlot } from '../cache/local-store';
import type { ResolvedCache } from '../cache/strategy';
import type { BuildxError } from '../errors/errors';
import type { BakeDefinition } from './definition';
import { bakeIsolated } from './isolated';
import { bakePrepared, prepareBake, writeDefinition } from './one-run';
import type { BakeOptionsInput } from './run';

export { bakeDefinitionOf } from './one-run';
/**
 * One image of a bake. The images of one run do not build on each other: an image built
 * on another is baked in a later run ({@link bakeImagesInRuns}), reading it from the
 * engine as a single build does.
 */
export type BakeImageInput = ImageBuildInput;

/** Flags of the `docker buildx bake` run itself (not of one image). */
export type BakeRunFlags = Pick<
  BakeOptionsInput,
  'set' | 'load' | 'push' | 'noCache' | 'pull' | 'builder' | 'progress' | 'allow'
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
   * it fails alone; the others are still baked — again, in a second run, when the
   * failure cancelled them. Default: all or nothing.
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
   * another image's failure.
   */
  | { status: 'failed' | 'not-built'; error: BuildxError; cache?: ResolvedCache }
);

export type Unbuilt = Extract<BakeImageOutcome, { status: 'failed' | 'not-built' }>;

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
 * Refusals before anything runs (a secret without a value, an unusable cache directory)
 * throw, naming the image; an engine failure or an
 * interruption throws too. A failed build does not: the result says which target failed
 * and which were left unbuilt, so a caller running one task per image (Nx batch mode)
 * can fail just those.
 */
export async function bakeImages<K extends string>(
  input: BakeImagesInput<K>,
  ctx: RunContext = {},
): Promise<BakeImagesResult<K>> {
  if (input.isolate) return bakeIsolated(input, ctx);
  const prepared = (await prepareBake(input, ctx)) as Record<K, PreparedImage>;
  return bakePrepared(input, prepared, ctx);
}

/** One of the bake runs of {@link bakeImagesInRuns}: its images and its own files. */
export interface BakeRun<K extends string = string> {
  targets: readonly K[];
  bakeFile?: string;
  metadataFile?: string;
}

/**
 * The images in bake runs one after another (an image of a later run builds on one of
 * an earlier run and reads it from the engine, as a single build does). Every image's
 * checks pass before the first run starts, so a refusal builds nothing; each run locks
 * and swaps its own caches as {@link bakeImages} does, and a failed run stops the rest
 * (the runs before it stay built). `onRun` sees each result (and the run's index) as its run ends.
 */
export async function bakeImagesInRuns<K extends string>(
  input: Omit<BakeImagesInput<K>, 'bakeFile' | 'metadataFile' | 'isolate'>,
  runs: ReadonlyArray<BakeRun<K>>,
  ctx: RunContext = {},
  onRun: (result: BakeImagesResult<K>, index: number) => void | Promise<void> = () => {},
): Promise<Array<BakeImagesResult<K>>> {
  const prepared = (await prepareBake(input, ctx)) as Record<K, PreparedImage>;
  const results: Array<BakeImagesResult<K>> = [];
  for (const [i, r] of runs.entries()) {
    const images = pick(input.images, r.targets);
    const { bakeFile, metadataFile } = r;
    const result = await bakePrepared(
      { ...input, images, bakeFile, metadataFile },
      pick(prepared, r.targets),
      ctx,
    );
    results.push(result);
    await onRun(result, i);
    if (!result.ok) break;
  }
  return results;
}

/**
 * Writes the bake definition of `images` to `bakeFile` and builds nothing (a dry run,
 * `print`): the same checks as {@link bakeImages}, no lock taken, no cache touched.
 */
export async function writeImagesBake<K extends string>(
  input: BakeImagesInput<K> & { bakeFile: string },
  ctx: RunContext = {},
): Promise<BakeDefinition> {
  const all = { targets: Object.keys(input.images) as K[], bakeFile: input.bakeFile };
  const [written] = await writeImagesBakes(input, [all], ctx);
  return (written as { definition: BakeDefinition }).definition;
}

/**
 * {@link writeImagesBake} for the runs of {@link bakeImagesInRuns}: every image checked
 * before the first definition is written, one definition per run.
 */
export async function writeImagesBakes<K extends string>(
  input: Omit<BakeImagesInput<K>, 'bakeFile' | 'metadataFile' | 'isolate'>,
  runs: ReadonlyArray<BakeRun<K> & { bakeFile: string }>,
  ctx: RunContext = {},
): Promise<Array<{ bakeFile: string; definition: BakeDefinition }>> {
  const prepared = (await prepareBake(input, ctx)) as Record<K, PreparedImage>;
  const slots = new Map<string, Pick<LocalCacheSlot, 'exists'>>();
  for (const p of Object.values(prepared) as PreparedImage[])
    if (p.cache.local) slots.set(p.cache.local.dir, { exists: holdsCache(p.cache.local.dir) });
  const written: Array<{ bakeFile: string; definition: BakeDefinition }> = [];
  for (const { targets, bakeFile } of runs) {
    const file = resolve(ctx.cwd ?? process.cwd(), bakeFile);
    const images = pick(input.images, targets);
    const { definition } = await writeDefinition(file, images, prepared, slots);
    written.push({ bakeFile, definition });
  }
  return written;
}

function pick<K extends string, V>(all: Readonly<Record<K, V>>, keys: readonly K[]): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, all[k]])) as Record<K, V>;
}
