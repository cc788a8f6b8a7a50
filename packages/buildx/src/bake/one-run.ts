import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BuildOptionsInput } from '../build/options';
import { buildOptionsSchema } from '../build/options';
import type { PreparedImage } from '../build/prepare-image';
import type { RunContext } from '../process/run-context';
import { tagStates, withTagsKept } from '../image/tag-states';
import { cacheOptions, prepareImages, withImageCaches } from '../build/prepare-image';
import type { LocalCacheSlot } from '../cache/local-store';
import { BakeFailedError } from '../errors/bake';
import type { BuildxError } from '../errors/errors';
import { BuildFailedError, InvalidOptionError } from '../errors/errors';
import { parseOptions } from '../errors/zod-issues';
import type { BakeDefinition } from './definition';
import { bakeGaps, bakeTargetFromBuild, needsBakeVersion } from './definition';
import { buildxVersion } from '../builder/query';
import type { BuildxVersion } from '../builder/version';
import type {
  BakeImageInput,
  BakeImageOutcome,
  BakeImagesInput,
  BakeImagesResult,
  Unbuilt,
} from './images';
import type { BakeResult } from './run';
import { runBake } from './run';
import { moveSecretArgsToEnv } from './secret-args';
import { failedTargets, TargetLines } from './target-output';

// One `docker buildx bake` run of checked images: bakeImages' parts, shared with isolated.ts.

/** One bake run of images whose checks passed: writes the definition, locks, runs, swaps. */
export async function bakePrepared<K extends string>(
  input: BakeImagesInput<K>,
  prepared: Record<K, PreparedImage>,
  ctx: RunContext,
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
      // A failed run may have stored some of its images (a target done before another
      // failed, a push refused after the store): its tags are put back, as its caches are.
      // All of them, as buildImage does: the docker driver stores what it pushes too.
      const before = await tagStates(
        names.flatMap((n) => input.images[n].build.tags ?? []),
        ctx,
      );
      const started = Date.now();
      let result: BakeResult;
      try {
        result = await withTagsKept(before, ctx, () =>
          runBake(
            {
              files: [bakeFile],
              targets: names,
              ...input.run,
              builder: bakeBuilder(input),
              metadataFile: input.metadataFile,
              allow: [...(input.run?.allow ?? []), ...entitlementsOf(input.images)],
            },
            { ...ctx, cwd, onLine, env: { ...ctx.env, ...env } },
          ),
        );
      } catch (err) {
        if (!(err instanceof BuildFailedError)) throw err;
        const facts = Object.fromEntries(
          names.map((n) => [n, { dockerfile: input.images[n].build.file ?? 'Dockerfile' }]),
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
 * The bake definition of images whose build options already carry their cache entries:
 * one target per image (its build contexts as given), all in the default group. Pure.
 */
export function bakeDefinitionOf(
  images: Readonly<Record<string, { build: BuildOptionsInput }>>,
): BakeDefinition {
  const definition: BakeDefinition = { group: { default: { targets: [] } }, target: {} };
  for (const [name, { build }] of Object.entries(images)) {
    const options = parseOptions(buildOptionsSchema, build, `build options of ${name}`);
    definition.target[name] = bakeTargetFromBuild(options);
    definition.group?.default?.targets.push(name);
  }
  return definition;
}

export async function prepareBake<K extends string>(
  input: BakeImagesInput<K>,
  ctx: RunContext,
  refuse?: (name: K, error: BuildxError) => void,
): Promise<Partial<Record<K, PreparedImage>>> {
  if (Object.keys(input.images).length === 0)
    throw new InvalidOptionError([{ path: 'images', message: 'no image to bake' }], 'bake');
  const carried = await withoutBakeGaps(input.images, ctx, refuse);
  // Capabilities are those of the builder the bake runs on, whatever an image names.
  const builder = bakeBuilder(input);
  const images = Object.fromEntries(
    Object.entries<BakeImageInput>(carried).map(([n, i]) => [
      n,
      { ...i, build: { ...i.build, builder } },
    ]),
  ) as Record<K, BakeImageInput>;
  return prepareImages(images, ctx, true, refuse);
}

/**
 * The images whose options a bake target can carry on this buildx ({@link bakeGaps});
 * another is refused (`refuse`, isolated bakes) or stops the bake, naming what bake would
 * have dropped: an option is never silently left out. The buildx version is read only
 * when some image sets an option that only newer bakes read.
 */
async function withoutBakeGaps<K extends string>(
  images: Readonly<Record<K, BakeImageInput>>,
  ctx: RunContext,
  refuse?: (name: K, error: BuildxError) => void,
): Promise<Record<K, BakeImageInput>> {
  const parsed = (Object.entries(images) as Array<[K, BakeImageInput]>).flatMap(([n, i]) => {
    const o = buildOptionsSchema.safeParse(i.build);
    return o.success ? [[n, o.data] as const] : []; // prepareImages reports invalid options
  });
  let version: BuildxVersion | undefined;
  if (parsed.some(([, o]) => needsBakeVersion(o))) version = await buildxVersion(ctx.runner);
  const kept = { ...images };
  const problems: Array<{ path: string; message: string }> = [];
  for (const [name, o] of parsed) {
    const gaps = bakeGaps(o, version);
    if (!gaps.length) continue;
    const issues = gaps.map((g) => ({
      path: `${name}.${g.split(' ')[0]}`,
      message: `a bake target cannot carry it: ${g.slice(g.indexOf('(') + 1, -1)}; build this image with docker buildx build (docker-build without --batch), or upgrade buildx`,
    }));
    if (!refuse) problems.push(...issues);
    else {
      refuse(name, new InvalidOptionError(issues, 'bake'));
      delete kept[name];
    }
  }
  if (problems.length) throw new InvalidOptionError(problems, 'bake');
  return kept;
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

export async function writeDefinition<K extends string>(
  file: string,
  images: Readonly<Record<K, BakeImageInput>>,
  prepared: Record<K, PreparedImage>,
  slots: ReadonlyMap<string, Pick<LocalCacheSlot, 'exists'>>,
): Promise<{ definition: BakeDefinition; env: Record<string, string> }> {
  const withCache = Object.fromEntries(
    (Object.keys(images) as K[]).map((n) => [n, { build: cacheOptions(prepared[n], slots) }]),
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
 * What bake (≥ 0.17) must be allowed for its targets to build as `docker buildx build`
 * would: a target's `network: host` needs `--allow network.host`, else bake stops with
 * "additional privileges requested" (buildx bake/entitlements.go).
 */
function entitlementsOf(images: Readonly<Record<string, BakeImageInput>>): string[] {
  return Object.values(images).some((i) => i.build.network === 'host') ? ['network.host'] : [];
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
