import type { ImagesContext, PreparedImage } from '../build/prepare-image';
import { BakeFailedError, BaseImageFailedError } from '../errors/bake';
import type { BuildxError } from '../errors/errors';
import type { BakeDefinition } from './definition';
import type {
  BakeImageInput,
  BakeImageOutcome,
  BakeImagesInput,
  BakeImagesResult,
  Unbuilt,
} from './images';
import { bakePrepared, prepareBake } from './one-run';

/**
 * {@link bakeImages} with `isolate`: refused images and the images built on them are
 * left out; a failed bake is run again without the failed targets and their dependents
 * (the targets it had finished come from BuildKit's cache), until a run succeeds or
 * nothing is left. Each run swaps in only its own images' caches, and only on success.
 */
export async function bakeIsolated<K extends string>(
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
