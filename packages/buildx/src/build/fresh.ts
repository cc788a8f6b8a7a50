import { InvalidOptionError } from '../errors/errors';
import type { BuildOptions } from './options';

export const FRESH_MODES = ['no-cache', 'stages', 'bust', 'prune'] as const;
export type FreshMode = (typeof FRESH_MODES)[number];

export interface FreshInput {
  mode: FreshMode;
  /** For `stages`: the stages to rebuild (`--no-cache-filter`). */
  stages?: readonly string[];
  /** For `bust`: the build arg that receives a fresh value. */
  bustArg?: string;
  /** For `bust`: the fresh value (injected for tests; defaults to the current time). */
  bustValue?: string;
}

/**
 * What each freshness mode (docs/freshness.md) changes in a build. `prune` clears
 * every project's build cache first, which the caller must announce; the build after
 * it also runs with `--no-cache --pull`, so nothing can come from a cache it missed.
 */
export function freshBuildOverrides(f: FreshInput): {
  build: Partial<BuildOptions>;
  readsCache: boolean;
  prunesAll: boolean;
} {
  switch (f.mode) {
    case 'no-cache':
      return { build: { noCache: true, pull: true }, readsCache: false, prunesAll: false };
    case 'prune':
      return { build: { noCache: true, pull: true }, readsCache: false, prunesAll: true };
    case 'stages':
      if (!f.stages?.length) {
        throw new InvalidOptionError([
          {
            path: 'stages',
            message:
              'mode "stages" needs the stage names to rebuild, e.g. stages: ["deps", "build"]',
          },
        ]);
      }
      return { build: { noCacheFilter: [...f.stages] }, readsCache: true, prunesAll: false };
    case 'bust': {
      const arg = f.bustArg ?? 'CACHE_BUST';
      return {
        build: { buildArgs: { [arg]: f.bustValue ?? new Date().toISOString() } },
        readsCache: true,
        prunesAll: false,
      };
    }
  }
}
