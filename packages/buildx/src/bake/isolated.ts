import type { PreparedImage } from '../build/prepare-image';
import type { RunContext } from '../process/run-context';
import { BakeFailedError } from '../errors/bake';
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
 * {@link bakeImages} with `isolate`: refused images are left out; a failed bake is run
 * again without the failed targets (the targets it had finished come from BuildKit's
 * cache), until a run succeeds or nothing is left. The images of one run do not build
 * on each other, so a failure is only ever its own image's. Each run swaps in only its
 * own images' caches, and only on success.
 */
export async function bakeIsolated<K extends string>(
  input: BakeImagesInput<K>,
  ctx: RunContext,
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
    const runnable = pending;
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
